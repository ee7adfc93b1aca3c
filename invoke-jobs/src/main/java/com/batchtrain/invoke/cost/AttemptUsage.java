package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.time.Duration;
import java.time.Instant;

/**
 * One recorded attempt of a trial: when it ran, on what, and how it ended. The CLI builds these from
 * Batch's {@code attempts[].startedAt/stoppedAt} (and the job's queue and resources), or from the local
 * runner's times.
 *
 * @param startedAt when the attempt's container started
 * @param stoppedAt when it stopped (for a running attempt: now)
 * @param region the region it ran in
 * @param instanceType the instance type it ran on
 * @param market on-demand or spot
 * @param share the fraction of the instance it paid for, 0 < share <= 1 ({@link NodeShare#fraction()})
 * @param fate whether the attempt ended the trial, was lost to a retry or reclaim, or is still running
 */
public record AttemptUsage(Instant startedAt, Instant stoppedAt, String region, String instanceType, Market market,
    double share, Fate fate) {

  /** How an attempt counts. */
  public enum Fate {
    /** It succeeded, or it was the trial's last attempt (failed for good): its time was the trial's. */
    ENDED_TRIAL,
    /** A retry followed it (a spot reclaim, a host failure, a retryable exit): its work was redone. */
    LOST,
    /** Still running: counted as spent so far, not as lost. */
    RUNNING
  }

  public AttemptUsage {
    if (stoppedAt.isBefore(startedAt)) {
      throw new InvalidValueException("attempts[].stoppedAt", "a time at or after startedAt " + startedAt,
          stoppedAt.toString());
    }
    if (!(share > 0) || share > 1) {
      throw new IllegalArgumentException("an attempt pays 0 < share <= 1 of its instance, got " + share);
    }
  }

  /** An attempt on {@code share} of an instance. */
  public static AttemptUsage of(Instant startedAt, Instant stoppedAt, InstancePrice instance, Market market,
      NodeShare share, Fate fate) {
    return new AttemptUsage(startedAt, stoppedAt, instance.region(), instance.instanceType(), market,
        share.fraction(), fate);
  }

  public double seconds() {
    return Duration.between(startedAt, stoppedAt).toNanos() / 1e9;
  }

  /** The instance-hours it paid for: its hours times its share of the instance. */
  public double instanceHours() {
    return seconds() / 3600 * share;
  }
}
