package com.batchtrain.runtime.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One finished epoch: training and validation metrics, wall seconds it took and throughput. */
public record EpochRecord(
    @JsonProperty("epoch") int epoch,
    @JsonProperty("metrics") Map<String, Double> metrics,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("samplesPerSecond") double samplesPerSecond) {
  public EpochRecord {
    metrics = Map.copyOf(metrics);
  }
}
