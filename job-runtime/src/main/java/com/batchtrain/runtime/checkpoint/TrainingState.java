package com.batchtrain.runtime.checkpoint;

import com.batchtrain.runtime.data.Standardizer;
import com.batchtrain.runtime.model.EpochRecord;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Everything besides the TF variables (weights and optimiser slots) that a resumed run needs to
 * continue where the saved one stopped. The shuffle order of an epoch is a function of the seed and
 * the epoch number, and dropout masks of the seed and the step, so (epoch, nextBatch, step) is the
 * whole RNG state.
 *
 * @param identity what the checkpoint belongs to (preset, columns, data, hyperparameters); a run
 *     resumes only from checkpoints with its own identity
 * @param epoch the epoch in progress (0-based); equals the epoch count when training finished
 * @param nextBatch the first batch of {@code epoch} not yet trained; 0 at an epoch boundary
 * @param validation validation metrics at an epoch boundary; empty for mid-epoch checkpoints, which
 *     exist only for resuming and are never selected
 */
public record TrainingState(
    @JsonProperty("identity") String identity,
    @JsonProperty("hyperparameters") Map<String, Object> hyperparameters,
    @JsonProperty("epoch") int epoch,
    @JsonProperty("nextBatch") int nextBatch,
    @JsonProperty("step") long step,
    @JsonProperty("partialLossSum") double partialLossSum,
    @JsonProperty("elapsedSeconds") double elapsedSeconds,
    @JsonProperty("standardizer") Standardizer standardizer,
    @JsonProperty("history") List<EpochRecord> history,
    @JsonProperty("validation") Map<String, Double> validation) {

  public TrainingState {
    hyperparameters = Map.copyOf(hyperparameters);
    history = List.copyOf(history);
    validation = validation == null ? Map.of() : Map.copyOf(validation);
  }

  public boolean atEpochBoundary() {
    return nextBatch == 0 && !validation.isEmpty();
  }
}
