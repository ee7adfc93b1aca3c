package com.batchtrain.infra;

/**
 * ECS-optimized AMI families Batch can pick for a compute environment. Mirrors the CDK enum so the
 * config parses without starting jsii; the NVIDIA flavours carry the GPU driver and container
 * toolkit that GPU jobs need.
 */
public enum MachineImageType {
  ECS_AL2023(false),
  ECS_AL2023_NVIDIA(true),
  ECS_AL2(false),
  ECS_AL2_NVIDIA(true);

  private final boolean nvidia;

  MachineImageType(boolean nvidia) {
    this.nvidia = nvidia;
  }

  public boolean nvidia() {
    return nvidia;
  }
}
