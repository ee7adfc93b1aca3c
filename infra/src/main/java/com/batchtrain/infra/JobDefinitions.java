package com.batchtrain.infra;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.EfsVolume;
import com.batchtrain.contract.JobCommand;
import com.batchtrain.contract.JobEnv;
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
 *       cache, so the one that mounts it read-write, with its own narrower job role.
 * </ul>
 */
final class JobDefinitions extends Construct {
  /**
   * Staging copies dataset objects from S3 to EFS: network- and I/O-bound, so a small reservation
   * that fits on any CPU instance of the cpu/cpu-spot queues next to running trials.
   */
  static final JobResources STAGE_RESOURCES = new JobResources(2, 4_096, 0);

  /** Everything the definitions share. */
  record Shared(BatchSettings settings, String stackPrefix, StorageResources storage, IRepository repository,
      ILogGroup logGroup, JobRoles roles) {}

  /** What differs between two job definitions. */
  private record Spec(String id, String name, JobCommand command, String imageTagOrDigest, JobResources resources,
      IRole jobRole, Map<String, String> environment) {}

  private final EcsJobDefinition cpuTrial;
  private final EcsJobDefinition gpuTrial;
  private final EcsJobDefinition gpuNode;
  private final EcsJobDefinition stage;

  JobDefinitions(Construct scope, String id, Shared shared) {
    super(scope, id);
    BatchSettings settings = shared.settings();
    cpuTrial = trial("CpuTrial", "cpu-trial", settings.cpuTrial(), shared);
    gpuTrial = trial("GpuTrial", "gpu-trial", settings.gpuTrial(), shared);
    gpuNode = trial("GpuNode", "gpu-node", settings.gpuNode(), shared);
    stage = stage(shared);
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

  private EcsJobDefinition trial(String id, String name, JobResources resources, Shared shared) {
    // The image follows the reservation: a definition that reserves GPUs gets the GPU build.
    String image = resources.gpus() > 0 ? shared.settings().gpuImageTagOrDigest()
        : shared.settings().imageTagOrDigest();
    // BT_VCPUS sizes TensorFlow's thread pools: ECS gives CPU shares, not a limit, so a trial packed
    // on a p3.8xlarge would otherwise start threads for all 32 vCPUs (the CLI's overrides set it too).
    return definition(new Spec(id, name, JobCommand.TRAIN, image, resources, shared.roles().jobRole(),
        Map.of(JobEnv.RESULTS_URI, resultsUri(shared.storage()), JobEnv.VCPUS, Integer.toString(resources.vcpus()))),
        shared);
  }

  private EcsJobDefinition stage(Shared shared) {
    return definition(new Spec("Stage", "stage", JobCommand.STAGE, shared.settings().imageTagOrDigest(),
        STAGE_RESOURCES, shared.roles().stageRole(), Map.of(JobEnv.RESULTS_URI, resultsUri(shared.storage()))),
        shared);
  }

  private EcsJobDefinition definition(Spec spec, Shared shared) {
    BatchSettings settings = shared.settings();
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
        .command(List.of(spec.command().id()))
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
        .jobDefinitionName(shared.stackPrefix() + "-" + spec.name())
        .container(container.build())
        .retryAttempts(settings.retryAttempts())
        .retryStrategies(RetryRules.contract())
        .timeout(Duration.seconds(settings.attemptTimeoutSeconds()))
        .propagateTags(true)
        .build();
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
