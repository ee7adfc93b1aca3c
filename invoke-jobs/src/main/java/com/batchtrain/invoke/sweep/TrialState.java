package com.batchtrain.invoke.sweep;

/** A trial's state as the CLI reports it, the same for both backends. */
public enum TrialState {
  /** Waiting to run (Batch SUBMITTED..STARTING, or queued locally). */
  PENDING,
  RUNNING,
  /** Finished: its manifest is published. Nothing else counts as finished. */
  SUCCEEDED,
  /** Failed for a reason a re-run will not fix (bad input, bad data, a bug). */
  FAILED,
  /** Did not finish for a reason a re-run can fix (transient exit, killed, cancelled, never ran): {@code resume} re-runs it. */
  STOPPED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == STOPPED;
  }

  public String id() {
    return name().toLowerCase();
  }
}
