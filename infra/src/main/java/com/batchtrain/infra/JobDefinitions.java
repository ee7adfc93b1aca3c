package com.batchtrain.infra;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.EfsVolume;
import com.batchtrain.contract.JobCommand;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.StackOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.batch.EcsEc2ContainerDefinition;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.batch.EcsVolume;
import software.amazon.awscdk.services.batch.EfsVolumeOptions;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The job definitions of the job contract, all built by {@link #definition} so they share
 * repository, user, execution role, logs, retry strategy and timeout, and differ only where they must:
 * <ul>
 *   <li>three trial definitions running {@code train}: a CPU trial, a GPU trial (1 GPU, so Batch packs
 *       four on a p3.8xlarge) and a whole GPU node; they differ in the resources they reserve and in
 *       the image: the GPU ones run the GPU image, whose CUDA TensorFlow native uses the GPUs they
 *       reserve (the CPU image would train on CPU next to idle GPUs);
 *   <li>the dataset staging definition running {@code stage}: the one job that fills the /static
 *       cache, so the one that mounts it read-write, with its own narrower job role;
 *   <li>the driver definition running {@code drive} (the invoke-jobs CLI in the same image): a driven
 *       sweep's driver as a small CPU job that lives as long as its sweep, with no EFS volume and a role
 *       that reaches only Batch (its trials) and the results bucket's sweeps/.
 * </ul>
 */
final class JobDefinitions extends Construct {
  /**
   * Staging copies dataset objects from S3 to EFS: network- and I/O-bound, so a small reservation
   * that fits on any CPU instance of the cpu/cpu-spot queues next to running trials.
   */
  static final JobResources STAGE_RESOURCES = new JobResources(2, 4_096, 0);
  /**
   * The driver waits on Batch and S3 and proposes the next trials (a small Gaussian-process fit):
   * one vCPU and a 1 GiB heap (half the container, the entry script's default) are plenty.
   */
  static final JobResources DRIVER_RESOURCES = new JobResources(1, 2_048, 0);
  /**
   * A driver attempt lives as long as its sweep: it submits trials as slots free up until
   * max_trials have ended. Seven days bounds a sweep that hangs (a trial stuck RUNNABLE is cancelled
   * by the queue after runnableTimeoutSeconds, so a live sweep keeps moving); a longer sweep is
   * continued by running drive again, which resumes from the journal.
   */
  static final int DRIVER_ATTEMPT_TIMEOUT_SECONDS = 7 * 24 * 3600;
  /**
   * Driver attempts, whatever retryAttempts says for trials: a driver restarted by Batch (exit 75,
   * host lost) reads its journal and goes on without submitting a trial twice, so retrying it is
   * always safe, and it is what keeps a sweep moving while nobody watches it.
   */
  static final int DRIVER_ATTEMPTS = 3;

  /** Name suffixes of the definitions ({@code <stackPrefix>-<suffix>}). */
  static final String CPU_TRIAL = "cpu-trial";
  static final String GPU_TRIAL = "gpu-trial";
  static final String GPU_NODE = "gpu-node";
  static final String STAGE = "stage";
  static final String DRIVER = "driver";

  /** Everything the definitions share. */
  record Shared(BatchSettings settings, String stackPrefix, StorageResources storage, IRepository repository,
      ILogGroup logGroup, JobRoles roles) {}

  /**
   * What differs between two job definitions.
   *
   * @param arguments the command's words after {@code command}'s id
   */
  private record Spec(String id, String name, JobCommand command, List<String> arguments, String imageTagOrDigest,
      JobResources resources, IRole jobRole, Map<String, String> environment, int attempts, int timeoutSeconds,
      List<software.amazon.awscdk.services.batch.RetryStrategy> retryRules) {}

  private final EcsJobDefinition cpuTrial;
  private final EcsJobDefinition gpuTrial;
  private final EcsJobDefinition gpuNode;
  private final EcsJobDefinition stage;
  private final EcsJobDefinition driver;

  JobDefinitions(Construct scope, String id, Shared shared) {
    super(scope, id);
    BatchSettings settings = shared.settings();
    cpuTrial = trial("CpuTrial", CPU_TRIAL, settings.cpuTrial(), shared);
    gpuTrial = trial("GpuTrial", GPU_TRIAL, settings.gpuTrial(), shared);
    gpuNode = trial("GpuNode", GPU_NODE, settings.gpuNode(), shared);
    stage = stage(shared);
    driver = driver(shared);
  }

  /** The name a definition gets in a stack with {@code stackPrefix}. */
  static String name(String stackPrefix, String suffix) {
    return stackPrefix + "-" + suffix;
  }

  /**
   * The definitions a driver submits its trials on: the CPU and the one-GPU trial definition (the
   * CLI's sweeps run on one of these, by queue; gpu-node is no sweep's). Names, not ARNs: the driver
   * role allows every revision of each, as a redeploy registers a new one.
   */
  static List<String> driverTrialDefinitions(String stackPrefix) {
    return List.of(name(stackPrefix, CPU_TRIAL), name(stackPrefix, GPU_TRIAL));
  }

  EcsJobDefinition cpuTrial() {
    return cpuTrial;
  }

  EcsJobDefinition gpuTrial() {
    return gpuTrial;
  }

  EcsJobDefinition gpuNode() {
    return gpuNode;
  }

  EcsJobDefinition stage() {
    return stage;
  }

  EcsJobDefinition driver() {
    return driver;
  }

  private EcsJobDefinition trial(String id, String name, JobResources resources, Shared shared) {
    BatchSettings settings = shared.settings();
    // The image follows the reservation: a definition that reserves GPUs gets the GPU build.
    String image = resources.gpus() > 0 ? settings.gpuImageTagOrDigest() : settings.imageTagOrDigest();
    // BT_VCPUS sizes TensorFlow's thread pools: ECS gives CPU shares, not a limit, so a trial packed
    // on a p3.8xlarge would otherwise start threads for all 32 vCPUs (the CLI's overrides set it too).
    return definition(new Spec(id, name, JobCommand.TRAIN, List.of(), image, resources, shared.roles().jobRole(),
        Map.of(JobEnv.RESULTS_URI, resultsUri(shared.storage()), JobEnv.VCPUS, Integer.toString(resources.vcpus())),
        settings.retryAttempts(), settings.attemptTimeoutSeconds(), RetryRules.contract()), shared);
  }

  private EcsJobDefinition stage(Shared shared) {
    BatchSettings settings = shared.settings();
    return definition(new Spec("Stage", STAGE, JobCommand.STAGE, List.of(), settings.imageTagOrDigest(),
        STAGE_RESOURCES, shared.roles().stageRole(), Map.of(JobEnv.RESULTS_URI, resultsUri(shared.storage())),
        settings.retryAttempts(), settings.attemptTimeoutSeconds(), RetryRules.contract()), shared);
  }

  /**
   * {@code drive Ref::sweep --backend aws --results s3://<results bucket>/}: the submitter fills the
   * Batch parameter {@code sweep} with the sweep id (a job submitted without it gets the literal
   * {@code Ref::sweep}, which the CLI refuses as a sweep id: exit 64, not retried). The results URI
   * is on the command line, so the driver never reads the stack's outputs (no CloudFormation access).
   * CPU image, on the on-demand CPU queue (where the submitter puts it): a spot reclaim would only
   * restart it, but it is one small job that paces a whole sweep.
   */
  private EcsJobDefinition driver(Shared shared) {
    List<String> arguments = List.of("Ref::" + StackOutputs.DRIVER_SWEEP_PARAMETER, "--backend", "aws",
        "--results", resultsUri(shared.storage()));
    return definition(new Spec("Driver", DRIVER, JobCommand.DRIVE, arguments, shared.settings().imageTagOrDigest(),
        DRIVER_RESOURCES, shared.roles().driverRole(),
        // BT_VCPUS: the entry script sizes the JVM's pools to the reservation, as for trials.
        Map.of(JobEnv.VCPUS, Integer.toString(DRIVER_RESOURCES.vcpus())),
        DRIVER_ATTEMPTS, DRIVER_ATTEMPT_TIMEOUT_SECONDS, RetryRules.driver()), shared);
  }

  private EcsJobDefinition definition(Spec spec, Shared shared) {
    JobResources resources = spec.resources();
    // The volumes are exactly what the contract says the command needs (the entry script checks
    // the same list), each pointed to by its contract variable.
    Map<String, String> environment = new TreeMap<>(spec.environment());
    List<EcsVolume> volumes = new ArrayList<>();
    for (JobCommand.MountNeed need : spec.command().mounts()) {
      environment.put(need.volume().variable(), need.volume().mountPath());
      volumes.add(efs(need, shared.storage()));
    }
    EcsEc2ContainerDefinition.Builder container = EcsEc2ContainerDefinition.Builder.create(this,
            spec.id() + "Container")
        .image(ContainerImage.fromEcrRepository(shared.repository(), spec.imageTagOrDigest()))
        .command(command(spec))
        .cpu(resources.vcpus())
        .memory(Size.mebibytes(resources.memoryMiB()))
        .user(EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID)
        .jobRole(spec.jobRole())
        .executionRole(shared.roles().executionRole())
        // Sorted, so the synthesized template (and its diffs) do not depend on hash order.
        .environment(environment)
        .volumes(volumes)
        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
            .logGroup(shared.logGroup())
            .streamPrefix(spec.name())
            .build()));
    if (resources.gpus() > 0) {
      container.gpu(resources.gpus());
    }
    return EcsJobDefinition.Builder.create(this, spec.id())
        .jobDefinitionName(name(shared.stackPrefix(), spec.name()))
        .container(container.build())
        .retryAttempts(spec.attempts())
        .retryStrategies(spec.retryRules())
        .timeout(Duration.seconds(spec.timeoutSeconds()))
        .propagateTags(true)
        .build();
  }

  private static List<String> command(Spec spec) {
    List<String> command = new ArrayList<>();
    command.add(spec.command().id());
    command.addAll(spec.arguments());
    return command;
  }

  private static String resultsUri(StorageResources storage) {
    return "s3://" + storage.results().getBucketName() + "/";
  }

  private static EcsVolume efs(JobCommand.MountNeed need, StorageResources storage) {
    EfsVolume volume = need.volume();
    return EcsVolume.efs(EfsVolumeOptions.builder()
        .name(volume.volumeName())
        .fileSystem(storage.fileSystem())
        .accessPointId(storage.accessPoint(volume).getAccessPointId())
        .containerPath(volume.mountPath())
        // Trials only read the cache: a trial can never corrupt the dataset another trial reads.
        .readonly(need.readOnly())
        // IAM authorization with the job role: the file system policy refuses anonymous clients.
        .useJobRole(true)
        .enableTransitEncryption(true)
        .build());
  }
}
