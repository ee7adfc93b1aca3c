package com.batchtrain.runtime.model;

/** Training stopped on request (SIGTERM) after a final checkpoint: the job should be retried. */
public class TrainingStoppedException extends RuntimeException {
  public TrainingStoppedException(String message) {
    super(message);
  }
}
