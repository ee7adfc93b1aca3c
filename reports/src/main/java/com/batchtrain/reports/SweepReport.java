package com.batchtrain.reports;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.SweepId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Everything a sweep report shows: the sweep, what it optimises, and its trials in any order. */
public record SweepReport(SweepId sweepId, Objective objective, List<TrialSummary> trials, Instant generatedAt) {
  public SweepReport {
    if (sweepId == null || objective == null || trials == null || generatedAt == null) {
      throw new IllegalArgumentException("sweepId, objective, trials and generatedAt must not be null");
    }
    trials = List.copyOf(trials);
    Set<String> seen = new HashSet<>();
    for (TrialSummary t : trials) {
      if (!seen.add(t.trialId().value())) {
        throw new IllegalArgumentException("trial " + t.trialId() + " appears twice in sweep " + sweepId);
      }
    }
  }
}
