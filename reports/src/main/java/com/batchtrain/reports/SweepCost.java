package com.batchtrain.reports;

import java.util.Optional;

/**
 * What a sweep's jobs used and cost so far, as the backend recorded their attempts: the report's Cost
 * card. On this machine nothing is billed ({@code billed} false: hours only); on Batch, dollars at the
 * price table's prices, an upper bound where Batch chose among several instance types ({@code exact}
 * false). {@code unknown} says why nothing can be said (a price the table lacks), and then the numbers
 * are zero.
 *
 * @param attempts attempts counted, of every job of the sweep (trials, staging, driver)
 * @param lostAttempts those a retry followed
 * @param hours their wall-clock hours
 * @param lostShare the share of the dollars (of the hours, when not billed) in lost attempts, 0..1
 * @param pricing how dollars were priced (the table's date, spot at reference prices), for the card's note
 */
public record SweepCost(int attempts, int lostAttempts, double hours, boolean billed, boolean exact,
    double instanceHours, double gpuHours, double dollars, double lostShare, String pricing, Optional<String> unknown) {

  public SweepCost {
    if (attempts < 0 || lostAttempts < 0 || lostAttempts > attempts || !(hours >= 0) || !(instanceHours >= 0)
        || !(gpuHours >= 0) || !(dollars >= 0) || !(lostShare >= 0) || lostShare > 1 || pricing == null
        || unknown == null) {
      throw new IllegalArgumentException("a sweep's cost needs counts and amounts >= 0 and a lost share in 0..1");
    }
  }

  /** Nothing can be said, and why. */
  public static SweepCost unknown(String why) {
    return new SweepCost(0, 0, 0, false, false, 0, 0, 0, 0, "", Optional.of(why));
  }
}
