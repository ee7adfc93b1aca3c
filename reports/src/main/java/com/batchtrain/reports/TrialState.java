package com.batchtrain.reports;

/**
 * A trial's state as a report shows it. The CLI maps Batch job states onto these
 * (SUBMITTED/PENDING/RUNNABLE/STARTING are PENDING; a trial with a manifest is SUCCEEDED).
 */
public enum TrialState {
  SUCCEEDED, FAILED, RUNNING, PENDING
}
