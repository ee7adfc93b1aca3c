package com.batchtrain.runtime.spec;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.runtime.checkpoint.CheckpointPolicy;
import com.batchtrain.contract.preset.Preset;
import java.nio.file.Path;
import java.util.Optional;

/** A fully validated trial: everything the runtime needs, parsed before any data is touched. */
public record TrialSpec(
    SweepId sweepId,
    TrialId trialId,
    Preset preset,
    Hyperparameters hyperparameters,
    Objective objective,
    StorageUri dataUri,
    StorageUri resultsUri,
    Optional<StorageUri> trialsUri,
    Path cacheDir,
    Path checkpointRoot,
    CheckpointPolicy checkpointPolicy,
    Optional<com.batchtrain.contract.pruning.EarlyStopping> earlyStopping) implements ResolvedTrial {

  public ResultsLayout layout() {
    return new ResultsLayout(resultsUri);
  }

  /** {@code <checkpoint root>/<sweep>/<trial>}: where this trial's checkpoints live while it runs. */
  public Path runDir() {
    return checkpointRoot.resolve(sweepId.value()).resolve(trialId.value());
  }
}
