package com.batchtrain.invoke.estimate;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.cost.Budget;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.cost.SweepUsage;
import com.batchtrain.invoke.drive.DriveState;
import com.batchtrain.invoke.drive.SpendingLimit;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A sweep's {@code max_cost} as the driver holds it: what its jobs spent so far (every attempt, priced,
 * the running ones up to now), plus what each trial in flight may still spend (one trial's most less what
 * it spent already, never below zero), plus one more trial's most, must fit ({@link Budget}). A trial's
 * most is {@link Estimate.Limit}'s share of one: all its epochs, in the queue's dearest market.
 *
 * <p>The attempts are read once for the driver's pass over its free slots (until a trial ends, or for
 * {@link #REUSE}), not once per slot: a trial submitted in between has not started, and counts in flight.
 */
public final class CostBudget implements SpendingLimit {
  static final Duration REUSE = Duration.ofSeconds(5);

  private final Budget budget;
  private final Range oneTrial;
  private final AttemptHistory history;
  private final Clock clock;
  private SweepUsage spent;
  private Instant read = Instant.MIN;
  private long finishedWhenRead = -1;

  public CostBudget(Budget budget, Range oneTrial, AttemptHistory history, Clock clock) {
    this.budget = budget;
    this.oneTrial = oneTrial;
    this.history = history;
    this.clock = clock;
  }

  @Override
  public Optional<String> refusal(SweepRecord record, DriveState state) {
    Instant now = clock.instant();
    if (spent == null || finishedWhenRead != state.finishedCount() || Duration.between(read, now).compareTo(REUSE) >= 0) {
      try {
        spent = SweepUsage.of(history.attempts(record, now), true);
      } catch (InvalidValueException unpriced) {
        // An attempt the price table cannot price (an environment of an instance type it lacks): what was
        // spent is not known, so nothing more is risked.
        return Optional.of("max_cost cannot be held: " + unpriced.getMessage());
      }
      read = now;
      finishedWhenRead = state.finishedCount();
    }
    Range inFlight = stillToSpend(spent, oneTrial, state.inFlight().stream().map(DriveState.TrialRecord::index).toList());
    return budget.refusal(spent.dollars(), inFlight, oneTrial);
  }

  /** What {@code trials} (in flight) may still spend: each one trial's most less what it spent, never below zero. */
  static Range stillToSpend(SweepUsage spent, Range oneTrial, java.util.List<Integer> trials) {
    Range out = Range.ZERO;
    for (int index : trials) {
      double paid = spent.dollarsByJob().getOrDefault(TrialId.ofIndex(index).value(), 0.0);
      out = out.plus(new Range(Math.max(0, oneTrial.low() - paid), Math.max(0, oneTrial.high() - paid)));
    }
    return out;
  }
}
