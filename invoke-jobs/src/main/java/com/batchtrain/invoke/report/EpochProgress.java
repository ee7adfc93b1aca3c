package com.batchtrain.invoke.report;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.InvalidValueException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.Map;

/**
 * One intermediate {@code metrics/epoch-NNNN.json} as the job runtime writes it after each epoch.
 *
 * @param epoch 1-based epoch number
 * @param elapsedSeconds training seconds of the trial up to the end of this epoch, summed over its attempts
 *     (the runtime carries the sum in its checkpoints)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EpochProgress(
    @JsonProperty("epoch") int epoch,
    @JsonProperty("metrics") Map<String, Double> metrics,
    @JsonProperty("elapsedSeconds") double elapsedSeconds) {

  public EpochProgress {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /**
   * Each epoch's wall seconds, in order: the growth of the cumulative training time since the previous
   * epoch; never negative (a stale later epoch file from an earlier attempt can hold more time than a
   * re-run epoch, and a command trainer's time starts again with each attempt).
   */
  public static double[] secondsPerEpoch(java.util.List<EpochProgress> progress) {
    double[] seconds = new double[progress.size()];
    double before = 0;
    for (int i = 0; i < seconds.length; i++) {
      double elapsed = progress.get(i).elapsedSeconds();
      seconds[i] = Math.max(0, elapsed - before);
      before = Math.max(before, elapsed);
    }
    return seconds;
  }

  public static EpochProgress fromJson(String where, byte[] json) {
    try {
      return ContractJson.mapper().readValue(json, EpochProgress.class);
    } catch (IOException e) {
      throw new InvalidValueException(where, "epoch metrics JSON (" + e.getMessage() + ")", "unparseable document");
    }
  }
}
