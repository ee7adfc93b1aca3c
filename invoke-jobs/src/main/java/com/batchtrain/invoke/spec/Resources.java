package com.batchtrain.invoke.spec;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.TrialShapes;

/** What one trial asks for: Batch resourceRequirements (VCPU, MEMORY in MiB, GPU). */
public record Resources(int vcpus, int memoryMib, int gpus) {
  /** A CPU trial's, as the stack's CPU trial definition asks. */
  public static final Resources DEFAULT = new Resources(TrialShapes.CPU_TRIAL_VCPUS,
      TrialShapes.CPU_TRIAL_MEMORY_MIB, 0);
  /** A GPU trial's: one GPU and a quarter of a p3.8xlarge, so Batch packs four trials to an instance. */
  public static final Resources GPU_DEFAULT = new Resources(TrialShapes.GPU_TRIAL_VCPUS,
      TrialShapes.GPU_TRIAL_MEMORY_MIB, TrialShapes.GPU_TRIAL_GPUS);

  public Resources {
    if (vcpus < 1 || vcpus > 256) {
      throw new InvalidValueException("resources.vcpus", "an integer in 1..256", vcpus);
    }
    if (memoryMib < 128 || memoryMib > 4_194_304) {
      throw new InvalidValueException("resources.memory_mib", "an integer in 128..4194304 (MiB)", memoryMib);
    }
    if (gpus < 0 || gpus > 16) {
      throw new InvalidValueException("resources.gpus", "an integer in 0..16", gpus);
    }
  }
}
