package com.batchtrain.runtime.model;

/** Told about each finished epoch, e.g. to publish intermediate metrics for status and early stopping. */
@FunctionalInterface
public interface EpochListener {
  void onEpoch(EpochRecord record, double elapsedSeconds);
}
