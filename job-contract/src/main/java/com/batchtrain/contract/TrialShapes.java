package com.batchtrain.contract;

/**
 * What a trial asks Batch for when nobody says otherwise: the stack's trial job definitions are
 * sized so, and the CLI's sweeps default to the same. A GPU trial takes one GPU and a quarter of a
 * p3.8xlarge's vCPUs and memory (less what the OS and the ECS agent keep), so Batch packs four to an
 * instance instead of paying a whole node per trial.
 */
public final class TrialShapes {
  private TrialShapes() {}

  public static final int CPU_TRIAL_VCPUS = 2;
  public static final int CPU_TRIAL_MEMORY_MIB = 4_096;

  public static final int GPU_TRIAL_VCPUS = 8;
  /** 4 x 58 GiB fill a p3.8xlarge's 244 GiB with room for the OS and the ECS agent. */
  public static final int GPU_TRIAL_MEMORY_MIB = 59_392;
  public static final int GPU_TRIAL_GPUS = 1;
}
