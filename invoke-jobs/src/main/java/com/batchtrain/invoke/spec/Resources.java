package com.batchtrain.invoke.spec;

import com.batchtrain.contract.InvalidValueException;

/** What one trial asks for: Batch resourceRequirements (VCPU, MEMORY in MiB, GPU). */
public record Resources(int vcpus, int memoryMib, int gpus) {
  public static final Resources DEFAULT = new Resources(2, 4096, 0);

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
