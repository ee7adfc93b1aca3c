package com.batchtrain.datasets;

/**
 * Receives one parsed row: the feature values in model order and the target (a regressor's value,
 * a classifier's provisional label id from {@link LabelCollector}, 0 without a target). The array
 * is reused, so copy it.
 */
@FunctionalInterface
public interface RowSink {
  void accept(float[] features, float target);

  /** Discards every row: for checks that only need the reading to succeed. */
  RowSink DISCARD = (features, target) -> { };
}
