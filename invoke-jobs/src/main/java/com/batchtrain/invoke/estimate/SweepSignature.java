package com.batchtrain.invoke.estimate;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.List;
import java.util.Optional;

/**
 * What makes two sweeps' epoch times comparable: the same model (preset, declared model, or trainer
 * command and image), the same data, and the same hardware (backend, CPU or GPU queue, vCPUs and GPUs
 * per trial). The hyperparameters may differ: their effect is what the range of epoch times shows.
 */
public record SweepSignature(SweepRecord.Backend backend, String modelName, ModelSpec model, List<String> command,
    Optional<String> image, String dataUri, boolean gpuQueue, int vcpus, int gpus) {

  /** A sweep's signature from its record, or empty for a record whose spec this CLI no longer reads. */
  public static Optional<SweepSignature> of(SweepRecord record) {
    SweepSpec spec;
    try {
      spec = new SpecReader().read(record.spec());
    } catch (InvalidValueException olderSpec) {
      return Optional.empty();
    }
    boolean gpu;
    try {
      gpu = QueueChoice.parse(record.queue()).gpu();
    } catch (InvalidValueException unknownQueue) {
      return Optional.empty();
    }
    return Optional.of(new SweepSignature(record.backend(), record.preset(), spec.model(),
        java.util.Objects.requireNonNullElse(spec.trainer().command(), List.of()), spec.trainer().imageOverride(),
        record.dataUri(), gpu, record.resources().vcpus(),
        record.resources().gpus()));
  }
}
