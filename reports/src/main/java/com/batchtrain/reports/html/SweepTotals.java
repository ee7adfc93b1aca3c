package com.batchtrain.reports.html;

import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrialState;
import com.batchtrain.reports.TrialSummary;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Sweep-wide sums: trials per state, compute time, and cost over the trials whose cost is known
 * ({@code costKnownTrials} says how many, so a partial sum is never mistaken for the whole).
 */
public record SweepTotals(Map<TrialState, Integer> byState, double computeSeconds, double knownCostUsd,
    int costKnownTrials, int trials) {

  public SweepTotals {
    byState = Collections.unmodifiableMap(new EnumMap<>(byState));
  }

  public static SweepTotals of(SweepReport report) {
    Map<TrialState, Integer> byState = new EnumMap<>(TrialState.class);
    for (TrialState state : TrialState.values()) {
      // Pruned only where early stopping pruned a trial: a sweep without it shows no such card.
      if (state != TrialState.PRUNED) {
        byState.put(state, 0);
      }
    }
    double compute = 0;
    double cost = 0;
    int costKnown = 0;
    for (TrialSummary trial : report.trials()) {
      byState.merge(trial.state(), 1, Integer::sum);
      compute += trial.computeSeconds();
      if (trial.costUsd().isPresent()) {
        cost += trial.costUsd().getAsDouble();
        costKnown++;
      }
    }
    return new SweepTotals(byState, compute, cost, costKnown, report.trials().size());
  }
}
