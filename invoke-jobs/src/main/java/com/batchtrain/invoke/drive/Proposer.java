package com.batchtrain.invoke.drive;

import com.batchtrain.invoke.search.Observation;
import java.util.List;
import java.util.Map;

/** The point of a driven sweep's next trial, from the trials so far. */
public interface Proposer {

  /**
   * @param index the new trial's index
   * @param finished trials with a result, oriented lower-is-better, in trial order
   * @param running points of the trials in flight
   */
  Map<String, Object> propose(int index, List<Observation> finished, List<Map<String, Object>> running);

  /** What drives {@code spec}'s sweep proposes with: the GP for {@code method: bayes}, else the planned points. */
  static Proposer of(com.batchtrain.invoke.spec.SweepSpec spec) {
    return spec.adaptive() ? SamplerProposer.forBayes(spec) : PlannedProposer.of(spec);
  }
}
