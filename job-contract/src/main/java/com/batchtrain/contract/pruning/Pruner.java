package com.batchtrain.contract.pruning;

import com.batchtrain.contract.Objective;
import java.util.List;

/**
 * Decides, inside a trial, whether it stops early: at the epochs it {@link #checksAt}, from the
 * objective values the sweep's trials recorded at that epoch (the trial's own among them). One job,
 * swappable, and testable on recorded values alone (as Optuna's pruners are).
 */
public interface Pruner {
  /** Whether a trial records its objective and asks at the end of {@code epoch} (from 1). */
  boolean checksAt(int epoch);

  /**
   * Whether the trial whose objective is {@code value} at {@code epoch} stops.
   *
   * @param recorded every value recorded at {@code epoch} so far, this trial's included
   */
  boolean prune(int epoch, double value, List<Double> recorded, Objective.Goal goal);
}
