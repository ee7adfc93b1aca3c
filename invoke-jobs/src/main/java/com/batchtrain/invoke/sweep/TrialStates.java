package com.batchtrain.invoke.sweep;

import java.util.Map;

/** A backend's view of its trials: what ran, what is queued, how attempts ended. */
public interface TrialStates {
  /** State by trial index; a trial missing from the map has no record with the backend. */
  Map<Integer, ExitClassifier.TrialStatusPart> states(SweepRecord record);

  /** The states of trials {@code only}: a backend that can ask for those alone overrides this. */
  default Map<Integer, ExitClassifier.TrialStatusPart> states(SweepRecord record, java.util.Set<Integer> only) {
    Map<Integer, ExitClassifier.TrialStatusPart> all = new java.util.HashMap<>(states(record));
    all.keySet().retainAll(only);
    return all;
  }
}
