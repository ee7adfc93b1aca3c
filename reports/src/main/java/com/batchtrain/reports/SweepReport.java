package com.batchtrain.reports;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.SweepId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a sweep report shows: the sweep, what it optimises, its trials in any order, and what its
 * jobs used and cost, when the backend's records say ({@code cost} empty: only the trials' own costs).
 */
public record SweepReport(SweepId sweepId, Objective objective, List<TrialSummary> trials, Instant generatedAt,
    Optional<SweepCost> cost) {
  public SweepReport {
    if (sweepId == null || objective == null || trials == null || generatedAt == null || cost == null) {
      throw new IllegalArgumentException("sweepId, objective, trials, generatedAt and cost must not be null");
    }
    trials = List.copyOf(trials);
    Set<String> seen = new HashSet<>();
    for (TrialSummary t : trials) {
      if (!seen.add(t.trialId().value())) {
        throw new IllegalArgumentException("trial " + t.trialId() + " appears twice in sweep " + sweepId);
      }
    }
  }

  /** A report without the sweep's recorded usage. */
  public SweepReport(SweepId sweepId, Objective objective, List<TrialSummary> trials, Instant generatedAt) {
    this(sweepId, objective, trials, generatedAt, Optional.empty());
  }

  public SweepReport withCost(SweepCost sweepCost) {
    return new SweepReport(sweepId, objective, trials, generatedAt, Optional.of(sweepCost));
  }
}
