package com.batchtrain.contract;

import java.util.List;

/**
 * What the stack's compute environments launch unless its context says otherwise: infra builds them
 * so, and the CLI prices a dry run by them when the stack cannot be read to say what it launches.
 */
public final class ComputeDefaults {
  private ComputeDefaults() {}

  /** The one instance type of the GPU environments: 4 V100s, 32 vCPUs, 244 GiB. */
  public static final String GPU_INSTANCE_TYPE = "p3.8xlarge";

  /** The instance families of the CPU environments: Batch launches any size of them. */
  public static final List<String> CPU_INSTANCE_TYPES = List.of("c6i", "m6i", "r6i");
}
