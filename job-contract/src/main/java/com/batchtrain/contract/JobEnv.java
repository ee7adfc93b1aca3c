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
  /**
   * The working directory of a command trainer's process: set by the local backend to the absolute
   * directory of the sweep spec file (so {@code command: [python3, train.py]} finds the script next
   * to the spec). Absent (on Batch): the command runs in the image's working directory.
   */
  public static final String COMMAND_DIR = "BT_COMMAND_DIR";

  /** Set by AWS Batch on the children of an array job. */
  public static final String ARRAY_INDEX = "AWS_BATCH_JOB_ARRAY_INDEX";
  /** Set by AWS Batch on every job; its presence means "running in Batch". */
  public static final String BATCH_JOB_ID = "AWS_BATCH_JOB_ID";
  /**
   * The attempt number, from 1: set by AWS Batch on every attempt, and by the local backend to the
   * trial's attempt (which keeps counting across {@code resume}). Names the attempt's failure record
   * ({@link ResultsLayout#trialFailure}); absent or unparseable means 1. Parsed by {@link #attempt}.
   */
  public static final String ATTEMPT = "AWS_BATCH_JOB_ATTEMPT";

  /** The attempt number in {@code env} ({@link #ATTEMPT}): a positive integer, else 1. */
  public static int attempt(java.util.Map<String, String> env) {
    String text = env.get(ATTEMPT);
    if (text == null) {
      return 1;
    }
    try {
      int n = Integer.parseInt(text.trim());
      return n >= 1 ? n : 1;
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Where datasets are staged when {@link #CACHE_DIR} is not set (outside Batch): {@code ~/.cache/batchtrain}. */
  public static Path defaultCacheDir() {
    return Path.of(System.getProperty("user.home"), ".cache", "batchtrain");
  }
}
