package com.batchtrain.reports;

import java.util.List;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A trial's per-epoch metrics in epoch order, and the epoch whose checkpoint was selected as the
 * trial's result (e.g. the best {@code val_loss} under early stopping), when one was.
 */
public record TrainingHistory(List<EpochMetrics> epochs, OptionalInt selectedEpoch) {
  public TrainingHistory {
    if (epochs == null || selectedEpoch == null) {
      throw new IllegalArgumentException("epochs and selectedEpoch must not be null");
    }
    epochs = List.copyOf(epochs);
    for (int i = 1; i < epochs.size(); i++) {
      if (epochs.get(i).epoch() <= epochs.get(i - 1).epoch()) {
        throw new IllegalArgumentException("epochs must be strictly increasing: " + epochs.get(i - 1).epoch()
            + " then " + epochs.get(i).epoch());
      }
    }
    if (selectedEpoch.isPresent()) {
      int selected = selectedEpoch.getAsInt();
      if (epochs.stream().noneMatch(e -> e.epoch() == selected)) {
        throw new IllegalArgumentException("selected epoch " + selected + " is not among the logged epochs");
      }
    }
  }

  public static TrainingHistory empty() {
    return new TrainingHistory(List.of(), OptionalInt.empty());
  }

  public static TrainingHistory of(List<EpochMetrics> epochs, int selectedEpoch) {
    return new TrainingHistory(epochs, OptionalInt.of(selectedEpoch));
  }

  public boolean isEmpty() {
    return epochs.isEmpty();
  }

  /** Every metric name logged in at least one epoch, sorted. */
  public SortedSet<String> metricNames() {
    SortedSet<String> names = new TreeSet<>();
    epochs.forEach(e -> names.addAll(e.values().keySet()));
    return names;
  }

  public double[] epochNumbers() {
    return epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
  }

  /** The metric's value per epoch, aligned with {@link #epochNumbers()}; NaN where it was not logged. */
  public double[] values(String metric) {
    return epochs.stream().mapToDouble(e -> e.value(metric)).toArray();
  }
}
