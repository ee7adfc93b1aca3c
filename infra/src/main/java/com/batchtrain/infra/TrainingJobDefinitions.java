package com.batchtrain.infra;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.JobEnv;
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
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The three job definitions of the job contract: a CPU trial, a GPU trial (1 GPU, so Batch packs
 * four on a p3.8xlarge) and a whole GPU node. They differ only in the resources they reserve.
 */
final class TrainingJobDefinitions extends Construct {
  /** The job runtime's subcommand (docs/job-contract.md). */
  static final String COMMAND = "train";

  /** Everything the three definitions share. */
  record Shared(BatchSettings settings, String stackPrefix, StorageResources storage, IRepository repository,
      ILogGroup logGroup, JobRoles roles) {}

  private final EcsJobDefinition cpuTrial;
  private final EcsJobDefinition gpuTrial;
  private final EcsJobDefinition gpuNode;

  TrainingJobDefinitions(Construct scope, String id, Shared shared) {
    super(scope, id);
    BatchSettings settings = shared.settings();
    cpuTrial = definition("CpuTrial", "cpu-trial", settings.cpuTrial(), shared);
    gpuTrial = definition("GpuTrial", "gpu-trial", settings.gpuTrial(), shared);
    gpuNode = definition("GpuNode", "gpu-node", settings.gpuNode(), shared);
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

  private EcsJobDefinition definition(String id, String name, JobResources resources, Shared shared) {
    BatchSettings settings = shared.settings();
    StorageResources storage = shared.storage();
    EcsEc2ContainerDefinition.Builder container = EcsEc2ContainerDefinition.Builder.create(this, id + "Container")
        .image(ContainerImage.fromEcrRepository(shared.repository(), settings.imageTagOrDigest()))
        .command(List.of(COMMAND))
        .cpu(resources.vcpus())
        .memory(Size.mebibytes(resources.memoryMiB()))
        .user(EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID)
        .jobRole(shared.roles().jobRole())
        .executionRole(shared.roles().executionRole())
        // Sorted, so the synthesized template (and its diffs) do not depend on hash order.
        .environment(new TreeMap<>(Map.of(
            JobEnv.RESULTS_URI, "s3://" + storage.results().getBucketName() + "/",
            JobEnv.CACHE_DIR, EfsLayout.STATIC_MOUNT,
            JobEnv.CHECKPOINT_ROOT, EfsLayout.RUNS_MOUNT)))
        .volumes(List.of(
            efs("static", EfsLayout.STATIC_MOUNT, storage.staticAccessPoint().getAccessPointId(), true, storage),
            efs("runs", EfsLayout.RUNS_MOUNT, storage.runsAccessPoint().getAccessPointId(), false, storage)))
        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
            .logGroup(shared.logGroup())
            .streamPrefix(name)
            .build()));
    if (resources.gpus() > 0) {
      container.gpu(resources.gpus());
    }
    return EcsJobDefinition.Builder.create(this, id)
        .jobDefinitionName(shared.stackPrefix() + "-" + name)
        .container(container.build())
        .retryAttempts(settings.retryAttempts())
        .retryStrategies(RetryRules.contract())
        .timeout(Duration.seconds(settings.attemptTimeoutSeconds()))
        .propagateTags(true)
        .build();
  }

  private static EcsVolume efs(String name, String mount, String accessPointId, boolean readonly,
      StorageResources storage) {
    return EcsVolume.efs(EfsVolumeOptions.builder()
        .name(name)
        .fileSystem(storage.fileSystem())
        .accessPointId(accessPointId)
        .containerPath(mount)
        .readonly(readonly)
        // IAM authorization with the job role: the file system policy refuses anonymous clients.
        .useJobRole(true)
        .enableTransitEncryption(true)
        .build());
  }
}
