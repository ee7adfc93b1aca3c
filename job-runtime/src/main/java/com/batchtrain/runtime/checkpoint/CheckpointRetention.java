package com.batchtrain.runtime.checkpoint;

import com.batchtrain.contract.Objective;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Picks checkpoints by the objective: the best one, and which to keep (top-k plus the newest). */
public record CheckpointRetention(Objective objective, int keepTopK) {

  /** Epoch-boundary checkpoints ordered best first; mid-epoch ones have no validation metrics. */
  public List<Checkpoint> ranked(List<Checkpoint> all) {
    List<Checkpoint> candidates = new ArrayList<>(all.stream().filter(c -> c.state().atEpochBoundary()).toList());
    Comparator<Checkpoint> byMetric = Comparator.comparingDouble(c -> score(c));
    if (objective.goal() == Objective.Goal.MAXIMIZE) {
      byMetric = byMetric.reversed();
    }
    // Ties go to the earlier checkpoint: the simpler model for the same validation score.
    candidates.sort(byMetric.thenComparingLong(Checkpoint::step));
    return candidates;
  }

  public Optional<Checkpoint> best(List<Checkpoint> all) {
    List<Checkpoint> r = ranked(all);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  public Set<Long> keep(List<Checkpoint> all) {
    Set<Long> keep = new LinkedHashSet<>();
    ranked(all).stream().limit(keepTopK).forEach(c -> keep.add(c.step()));
    all.stream().max(Comparator.comparingLong(Checkpoint::step)).ifPresent(c -> keep.add(c.step()));
    return keep;
  }

  private double score(Checkpoint c) {
    Double v = c.state().validation().get(objective.metric());
    double d = v == null ? Double.NaN : v;
    // NaN (diverged) ranks last in either direction.
    if (Double.isNaN(d)) {
      return objective.goal() == Objective.Goal.MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return d;
  }
}
