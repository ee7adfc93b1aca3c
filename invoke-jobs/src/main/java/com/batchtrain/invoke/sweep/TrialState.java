package com.batchtrain.invoke.sweep;

/** A trial's state as the CLI reports it, the same for both backends. */
public enum TrialState {
  /** Waiting to run (Batch SUBMITTED..STARTING, or queued locally). */
  PENDING,
  RUNNING,
  /** Finished: its manifest is published. Nothing else counts as finished. */
  SUCCEEDED,
  /**
   * Finished early: early stopping ended it, and its manifest (its best checkpoint up to then) is
   * published. Ranked with the succeeded trials; {@code resume} never re-runs it.
   */
  PRUNED,
  /** Failed for a reason a re-run will not fix (bad input, bad data, a bug). */
  FAILED,
  /** Did not finish for a reason a re-run can fix (transient exit, killed, cancelled, never ran): {@code resume} re-runs it. */
  STOPPED;

  public boolean terminal() {
    return finished() || this == FAILED || this == STOPPED;
  }

  /** Whether the trial has published its manifest: succeeded, or pruned by early stopping. */
  public boolean finished() {
    return this == SUCCEEDED || this == PRUNED;
  }

  public String id() {
    return name().toLowerCase();
  }
}
