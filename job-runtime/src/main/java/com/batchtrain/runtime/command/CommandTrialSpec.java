package com.batchtrain.runtime.command;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrainerSpec;
import com.batchtrain.contract.TrialId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated trial of a command trainer: the command with its placeholders already substituted,
 * the trial's hyperparameters as JSON-shaped values, and where data, results and the run directory are.
 */
public record CommandTrialSpec(
    SweepId sweepId,
    TrialId trialId,
    TrainerSpec trainer,
    List<String> argv,
    Map<String, Object> hyperparameters,
    Objective objective,
    StorageUri dataUri,
    StorageUri resultsUri,
    Optional<StorageUri> trialsUri,
    Path cacheDir,
    Path checkpointRoot,
    Optional<Path> workingDir,
    int stopGraceSeconds,
    int keepTopK,
    Optional<com.batchtrain.contract.pruning.EarlyStopping> earlyStopping) implements com.batchtrain.runtime.spec.ResolvedTrial {

  public CommandTrialSpec {
    argv = List.copyOf(argv);
    hyperparameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hyperparameters));
  }

  public ResultsLayout layout() {
    return new ResultsLayout(resultsUri);
  }

  /** {@code <checkpoint root>/<sweep>/<trial>}, as for the built-in trainer: on Batch, the EFS run directory. */
  public Path runDir() {
    return checkpointRoot.resolve(sweepId.value()).resolve(trialId.value());
  }
}
