package com.batchtrain.contract;

/**
 * Stack names and CloudFormation output keys. The infra app creates outputs with these keys; the
 * CLI finds its resources by reading them with DescribeStacks.
 */
public final class StackOutputs {
  private StackOutputs() {}

  /** Default prefix of the stack names; override with the {@code stackPrefix} context key. */
  public static final String DEFAULT_STACK_PREFIX = "BatchTrain";

  public static final String NETWORK_STACK = "Network";
  public static final String STORAGE_STACK = "Storage";
  public static final String REGISTRY_STACK = "Registry";
  public static final String BATCH_STACK = "Batch";

  public static String stackName(String prefix, String stack) {
    return prefix + "-" + stack;
  }

  // Storage stack
  public static final String RESULTS_BUCKET = "ResultsBucketName";
  public static final String FILE_SYSTEM_ID = "FileSystemId";
  // Registry stack
  public static final String REPOSITORY_URI = "RepositoryUri";
  // Batch stack: one job queue per queue choice in a sweep spec
  public static final String CPU_QUEUE = "CpuJobQueueArn";
  public static final String CPU_SPOT_QUEUE = "CpuSpotJobQueueArn";
  public static final String GPU_QUEUE = "GpuJobQueueArn";
  public static final String GPU_SPOT_QUEUE = "GpuSpotJobQueueArn";
  public static final String CPU_TRIAL_JOB_DEFINITION = "CpuTrialJobDefinitionArn";
  public static final String GPU_TRIAL_JOB_DEFINITION = "GpuTrialJobDefinitionArn";
  public static final String GPU_NODE_JOB_DEFINITION = "GpuNodeJobDefinitionArn";
  /** Dataset staging job: the only job that mounts the /static cache read-write. */
  public static final String STAGE_JOB_DEFINITION = "StageJobDefinitionArn";
  /**
   * The driver of a driven sweep (method bayes) as a Batch job: command {@code drive}, Batch
   * parameter {@code sweep} (the sweep id), on the on-demand CPU queue; no EFS, its own role.
   */
  public static final String DRIVER_JOB_DEFINITION = "DriverJobDefinitionArn";
  /** The driver job definition's Batch parameter that carries the sweep id ({@code Ref::sweep} in its command). */
  public static final String DRIVER_SWEEP_PARAMETER = "sweep";
  /**
   * Where the job roles may read datasets: comma-separated {@code s3://bucket/prefix/} URIs, always
   * {@code s3://<results bucket>/data/} first, then the {@code dataSources} context of the infra app.
   * A dataset outside every one of these would be refused with 403 (exit 64) inside the job.
   */
  public static final String READABLE_DATA_PREFIXES = "ReadableDataPrefixes";
}
