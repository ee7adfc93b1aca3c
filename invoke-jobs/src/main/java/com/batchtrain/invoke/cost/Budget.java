package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.util.Locale;
import java.util.Optional;

/**
 * A sweep's {@code max_cost} in USD, and the rule for starting one more trial under it: the money spent
 * so far, plus the estimate of what the trials in flight will still spend, plus the estimate of the next
 * trial, must fit, taking the high end of each estimate (a budget is a limit, not a target).
 *
 * <p>The caller keeps the three apart: {@code spentSoFar} is the {@link SweepUsage} of every attempt so
 * far (running ones up to now), {@code inFlight} what the running trials will spend from now on, and
 * {@code nextTrial} one trial's {@link CostEstimate} ({@code estimate.forTrials(1).dollars(market)}).
 */
public record Budget(double maxCost) {

  public Budget {
    if (!(maxCost > 0) || !Double.isFinite(maxCost)) {
      throw new InvalidValueException("max_cost", "a positive amount of USD", maxCost);
    }
  }

  /** Whether one more trial may start. */
  public boolean allows(double spentSoFar, Range inFlight, Range nextTrial) {
    return committed(spentSoFar, inFlight, nextTrial).high() <= maxCost;
  }

  /**
   * Why the next trial may not start, or empty when it may: {@code max_cost: expected at least the
   * estimate of the money spent, in flight and the next trial ($41-47, of which $30.00 spent), got $45.00}.
   */
  public Optional<String> refusal(double spentSoFar, Range inFlight, Range nextTrial) {
    if (allows(spentSoFar, inFlight, nextTrial)) {
      return Optional.empty();
    }
    Range committed = committed(spentSoFar, inFlight, nextTrial);
    // The InvalidValueException wording (field: expected ..., got ...), with the amount unquoted.
    return Optional.of("max_cost: expected at least the estimate of the money spent, in flight and the next trial ("
        + committed.dollars() + ", of which $" + String.format(Locale.ROOT, "%.2f", spentSoFar) + " spent), got $"
        + String.format(Locale.ROOT, "%.2f", maxCost));
  }

  /** Whether a whole sweep's estimate fits before it starts (nothing spent, nothing in flight). */
  public boolean allowsSweep(Range sweepEstimate) {
    return allows(0, Range.ZERO, sweepEstimate);
  }

  private static Range committed(double spentSoFar, Range inFlight, Range nextTrial) {
    if (!(spentSoFar >= 0) || !Double.isFinite(spentSoFar)) {
      throw new IllegalArgumentException("money spent is >= 0, got " + spentSoFar);
    }
    return Range.of(spentSoFar).plus(inFlight).plus(nextTrial);
  }
}
