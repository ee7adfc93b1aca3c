package com.batchtrain.reports;

/**
 * A trial's state as a report shows it. The CLI maps Batch job states onto these
 * (SUBMITTED/PENDING/RUNNABLE/STARTING are PENDING; a trial with a manifest is SUCCEEDED, or
 * PRUNED when early stopping ended it: it published its best up to then and is ranked with the rest).
 */
public enum TrialState {
  SUCCEEDED, PRUNED, FAILED, RUNNING, PENDING;

  /** Whether the trial published results (a manifest) that the leaderboard ranks. */
  public boolean finished() {
    return this == SUCCEEDED || this == PRUNED;
  }
}
