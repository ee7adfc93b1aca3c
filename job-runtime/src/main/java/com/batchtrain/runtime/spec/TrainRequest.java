package com.batchtrain.runtime.spec;

import java.util.Map;
import java.util.Optional;

/**
 * What a person or Batch asked for, unparsed: command-line option values (empty when not given)
 * over the contract's environment variables.
 */
public record TrainRequest(
    Optional<String> sweepId,
    Optional<String> trialsUri,
    Optional<String> trialIndex,
    Optional<String> preset,
    Optional<String> dataUri,
    Optional<String> resultsUri,
    Optional<String> cacheDir,
    Optional<String> checkpointRoot,
    Optional<String> objective,
    Map<String, String> hyperparameters,
    int checkpointEveryEpochs,
    double checkpointEveryMinutes,
    int keepTopK,
    ModelOptions model) {
  public TrainRequest {
    hyperparameters = Map.copyOf(hyperparameters);
    model = model == null ? ModelOptions.none() : model;
  }

  /** A request whose model, if any, comes from a preset (the option set before declared models). */
  public TrainRequest(Optional<String> sweepId, Optional<String> trialsUri, Optional<String> trialIndex, Optional<String> preset,
      Optional<String> dataUri, Optional<String> resultsUri, Optional<String> cacheDir, Optional<String> checkpointRoot,
      Optional<String> objective, Map<String, String> hyperparameters, int checkpointEveryEpochs, double checkpointEveryMinutes,
      int keepTopK) {
    this(sweepId, trialsUri, trialIndex, preset, dataUri, resultsUri, cacheDir, checkpointRoot, objective, hyperparameters,
        checkpointEveryEpochs, checkpointEveryMinutes, keepTopK, ModelOptions.none());
  }
}
