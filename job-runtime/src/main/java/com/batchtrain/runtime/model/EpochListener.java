package com.batchtrain.runtime.model;

import java.util.List;

/** Told about each finished epoch, e.g. to publish intermediate metrics for status and early stopping. */
@FunctionalInterface
public interface EpochListener {
  void onEpoch(EpochRecord record, double elapsedSeconds);

  /**
   * Called once before training (or a resumed run) continues, with the epochs a resumed checkpoint
   * carries (empty on a fresh start), so a listener that keeps a whole log can rebuild it.
   */
  default void onStart(List<EpochRecord> carriedHistory) {}

  /** Tells {@code first}, then {@code second}. */
  static EpochListener both(EpochListener first, EpochListener second) {
    return new EpochListener() {
      @Override
      public void onEpoch(EpochRecord record, double elapsedSeconds) {
        first.onEpoch(record, elapsedSeconds);
        second.onEpoch(record, elapsedSeconds);
      }

      @Override
      public void onStart(List<EpochRecord> carriedHistory) {
        first.onStart(carriedHistory);
        second.onStart(carriedHistory);
      }
    };
  }
}
