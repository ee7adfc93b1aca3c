package com.batchtrain.invoke.estimate;

import com.batchtrain.invoke.cost.CostEstimate;
import com.batchtrain.invoke.cost.Range;
import java.util.Optional;

/**
 * What {@code sweep} says about a sweep's cost before it runs: the estimate on Batch, the trial time on
 * this machine, or why there is none.
 *
 * @param cost the dollar estimate (Batch), empty locally or without evidence
 * @param text what the CLI prints, one or more lines
 */
public record Estimate(Optional<CostEstimate> cost, String text) {

  /** No estimate, and why. */
  public static Estimate none(String why) {
    return new Estimate(Optional.empty(), why);
  }

  /** The dollars expected in the market the trials are placed in first, when there is an estimate. */
  public Optional<Range> expectedDollars() {
    return cost.map(CostEstimate::expectedDollars);
  }
}
