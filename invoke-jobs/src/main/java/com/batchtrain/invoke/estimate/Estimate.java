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
 * @param limit what a budget is held to, when there is an estimate on Batch
 */
public record Estimate(Optional<CostEstimate> cost, String text, Optional<Limit> limit) {

  /**
   * The most the sweep can cost at the recorded epoch times: every trial trains all its epochs (early
   * stopping may not stop it), in the dearest of the queue's compute environments (a spot queue falls
   * back to on-demand when spot has no capacity). A budget is a limit, not a target.
   *
   * @param market the market that is dearest, as the CLI names it
   */
  public record Limit(Range dollars, String market) {}

  /** No estimate, and why. */
  public static Estimate none(String why) {
    return new Estimate(Optional.empty(), why, Optional.empty());
  }

  /** This estimate with what a budget is held to. */
  public Estimate withLimit(Limit l) {
    return new Estimate(cost, text, Optional.of(l));
  }
}
