package com.batchtrain.infra;

import java.util.List;

/**
 * Compute environments, queues and job definitions.
 *
 * @param imageTagOrDigest tag, or {@code sha256:...} digest, of the trainer image in the repository
 */
public record BatchSettings(
    ComputeLimits maxvCpus,
    List<String> cpuInstanceTypes,
    String gpuInstanceType,
    MachineImageType cpuImageType,
    MachineImageType gpuImageType,
    int rootVolumeGiB,
    String imageTagOrDigest,
    int retryAttempts,
    int attemptTimeoutSeconds,
    int runnableTimeoutSeconds,
    int logRetentionDays,
    JobResources cpuTrial,
    JobResources gpuTrial,
    JobResources gpuNode) {
  public BatchSettings {
    cpuInstanceTypes = List.copyOf(cpuInstanceTypes);
  }
}
