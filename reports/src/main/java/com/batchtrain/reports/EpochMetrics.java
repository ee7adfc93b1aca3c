package com.batchtrain.reports;

import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics logged at the end of one epoch, by name, e.g. {@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code seconds}. Validation metrics carry the Keras
 * {@code val_} prefix; that prefix is how train and validation curves are paired.
 */
public record EpochMetrics(int epoch, Map<String, Double> values) {
  /**
   * The epoch's wall seconds: a learning curve of its own and the pacing of TensorBoard's time axis.
   * Added by the runtime to its own epochs and by the CLI's report to the progress it reads.
   */
  public static final String SECONDS = "seconds";

  public EpochMetrics {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
    }
    if (values == null) {
      throw new IllegalArgumentException("values must not be null (use an empty map)");
    }
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException("epoch " + epoch + ": metric names and values must be present: " + e);
      }
    }
    // Sorted so that every rendering (plots, event files, JSON) lists metrics in the same order.
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The value of {@code metric} at this epoch, or NaN when it was not logged. */
  public double value(String metric) {
    Double v = values.get(metric);
    return v == null ? Double.NaN : v;
  }
}
