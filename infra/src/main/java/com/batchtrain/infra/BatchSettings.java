package com.batchtrain.infra;

import java.util.List;

/**
 * Compute environments, queues and job definitions.
 *
 * @param imageTagOrDigest tag, or {@code sha256:...} digest, of the CPU trainer image in the repository:
 *     the cpu-trial and stage job definitions
 * @param gpuImageTagOrDigest tag or digest of the GPU trainer image (CUDA base, GPU TensorFlow native)
 *     in the same repository: the gpu-trial and gpu-node job definitions
 * @param dataSources S3 prefixes outside the results bucket that the trial and stage roles may read
 *     datasets from (read only), in the order given
 */
public record BatchSettings(
    ComputeLimits maxvCpus,
    List<String> cpuInstanceTypes,
    String gpuInstanceType,
    MachineImageType cpuImageType,
    MachineImageType gpuImageType,
    int rootVolumeGiB,
    String imageTagOrDigest,
    String gpuImageTagOrDigest,
    int retryAttempts,
    int attemptTimeoutSeconds,
    int runnableTimeoutSeconds,
    int logRetentionDays,
    JobResources cpuTrial,
    JobResources gpuTrial,
    JobResources gpuNode,
    List<DataSource> dataSources) {
  public BatchSettings {
    cpuInstanceTypes = List.copyOf(cpuInstanceTypes);
    dataSources = List.copyOf(dataSources);
  }
}
