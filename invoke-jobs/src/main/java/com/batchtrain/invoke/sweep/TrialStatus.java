package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.TrialId;

/**
 * Where one trial stands: state, a human reason, and progress from its per-epoch metrics.
 *
 * @param epochsDone epochs with published intermediate metrics
 * @param epochs the trial's epoch budget (from the trials file)
 */
public record TrialStatus(TrialId trial, TrialState state, String detail, int epochsDone, int epochs) {
  public TrialStatus withProgress(int done, int total) {
    return new TrialStatus(trial, state, detail, done, total);
  }

  public TrialStatus withState(TrialState newState, String newDetail) {
    return new TrialStatus(trial, newState, newDetail, epochsDone, epochs);
  }
}
