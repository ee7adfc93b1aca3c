package com.batchtrain.contract;

import java.nio.file.Path;

/** Names of the environment variables of the job contract (docs/job-contract.md). */
public final class JobEnv {
  private JobEnv() {}

  public static final String SWEEP_ID = "BT_SWEEP_ID";
  public static final String TRIALS_URI = "BT_TRIALS_URI";
  public static final String TRIAL_INDEX = "BT_TRIAL_INDEX";
  public static final String RESULTS_URI = "BT_RESULTS_URI";
  public static final String DATA_URI = "BT_DATA_URI";
  public static final String CACHE_DIR = "BT_CACHE_DIR";
  public static final String CHECKPOINT_ROOT = "BT_CHECKPOINT_ROOT";
  public static final String S3_ENDPOINT = "BT_S3_ENDPOINT";
  public static final String S3_CHECKSUMS = "BT_S3_CHECKSUMS";
  public static final String LOG_FORMAT = "BT_LOG_FORMAT";
  /**
   * The trial's vCPU reservation (Batch {@code VCPU} resource requirement, or the local backend's
   * share of the machine): TensorFlow's thread pools are sized from it. Absent: not known, and the
   * runtime sizes them from the processors its JVM sees. Parsed by {@link Vcpus}.
   */
  public static final String VCPUS = "BT_VCPUS";

  /** Set by AWS Batch on the children of an array job. */
  public static final String ARRAY_INDEX = "AWS_BATCH_JOB_ARRAY_INDEX";
  /** Set by AWS Batch on every job; its presence means "running in Batch". */
  public static final String BATCH_JOB_ID = "AWS_BATCH_JOB_ID";

  /** Where datasets are staged when {@link #CACHE_DIR} is not set (outside Batch): {@code ~/.cache/batchtrain}. */
  public static Path defaultCacheDir() {
    return Path.of(System.getProperty("user.home"), ".cache", "batchtrain");
  }
}
