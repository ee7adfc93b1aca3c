package com.batchtrain.testsupport.batch;

/** Batch job states, in lifecycle order. */
public enum JobStatus {
  SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }

  /** Not yet placed on an instance: the states CancelJob cancels. */
  boolean queued() {
    return this == SUBMITTED || this == PENDING || this == RUNNABLE;
  }
}
