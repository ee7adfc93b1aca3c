package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.TrialId;

/**
 * Where one trial stands: state, a human reason, and progress from its per-epoch metrics.
 *
 * @param epochsDone epochs with published intermediate metrics
 * @param epochs the trial's epoch budget (from the trials file), or {@link #UNKNOWN_EPOCHS} for a command
 *     trainer that declares no integer {@code epochs} parameter (only the command knows its budget)
 */
public record TrialStatus(TrialId trial, TrialState state, String detail, int epochsDone, int epochs) {
  /** The budget of a trial whose trainer alone knows how many epochs it runs. */
  public static final int UNKNOWN_EPOCHS = 0;

  /** {@code 3/10}, or {@code 3/?} when the budget is unknown. */
  public String progress() {
    return epochsDone + "/" + (epochs == UNKNOWN_EPOCHS ? "?" : Integer.toString(epochs));
  }

  public TrialStatus withProgress(int done, int total) {
    return new TrialStatus(trial, state, detail, done, total);
  }

  public TrialStatus withState(TrialState newState, String newDetail) {
    return new TrialStatus(trial, newState, newDetail, epochsDone, epochs);
  }
}
