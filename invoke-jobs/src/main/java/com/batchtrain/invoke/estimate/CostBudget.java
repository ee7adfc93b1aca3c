package com.batchtrain.invoke.estimate;

import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.cost.Budget;
import com.batchtrain.invoke.cost.CostEstimate;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.cost.SweepUsage;
import com.batchtrain.invoke.drive.DriveState;
import com.batchtrain.invoke.drive.SpendingLimit;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Clock;
import java.util.Optional;

/**
 * A sweep's {@code max_cost} as the driver holds it: what its jobs spent so far (every attempt, priced,
 * the running ones up to now), plus what each trial in flight may still spend (one trial's estimate less
 * what it spent already, never below zero), plus one more trial's estimate, must fit: the high end of
 * each ({@link Budget}). The estimate is priced in the market its trials are placed in first.
 */
public final class CostBudget implements SpendingLimit {
  private final Budget budget;
  private final CostEstimate oneTrial;
  private final AttemptHistory history;
  private final Clock clock;

  public CostBudget(Budget budget, CostEstimate sweepEstimate, AttemptHistory history, Clock clock) {
    this.budget = budget;
    this.oneTrial = sweepEstimate.forTrials(1);
    this.history = history;
    this.clock = clock;
  }

  @Override
  public Optional<String> refusal(SweepRecord record, DriveState state) {
    SweepUsage spent = SweepUsage.of(history.attempts(record, clock.instant()));
    Range next = oneTrial.expectedDollars();
    Range inFlight = Range.ZERO;
    for (DriveState.TrialRecord t : state.inFlight()) {
      double paid = spent.dollarsByJob().getOrDefault(TrialId.ofIndex(t.index()).value(), 0.0);
      inFlight = inFlight.plus(new Range(Math.max(0, next.low() - paid), Math.max(0, next.high() - paid)));
    }
    return budget.refusal(spent.dollars(), inFlight, next);
  }
}
