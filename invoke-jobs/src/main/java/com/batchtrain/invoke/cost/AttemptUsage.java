package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One recorded attempt of a job of a sweep: when it ran, what it was charged, and how it counts. The
 * CLI builds these from Batch's {@code attempts[].startedAt/stoppedAt} (with the compute environment
 * the attempt's container instance belongs to), or from the local runner's times, which carry no charge.
 *
 * @param job what the attempt ran: a trial id ({@code t0003}), or {@code stage} or {@code driver}
 * @param startedAt when the attempt's container started
 * @param stoppedAt when it stopped (for a running attempt: now)
 * @param charge its price per hour; empty on this machine (nothing is billed)
 * @param fate whether the attempt ended its job, was lost to a retry or reclaim, or is still running
 */
public record AttemptUsage(String job, Instant startedAt, Instant stoppedAt, Optional<Charge> charge, Fate fate) {

  /** How an attempt counts. */
  public enum Fate {
    /** It succeeded, or it was the job's last attempt (failed for good): its time was the job's. */
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
  }

  /** An attempt charged at {@code share} of an instance in {@code market}, on a known instance type. */
  public static AttemptUsage of(String job, Instant startedAt, Instant stoppedAt, InstanceOption on, Market market,
      Fate fate) {
    return new AttemptUsage(job, startedAt, stoppedAt, Optional.of(new Charge(on, market, true)), fate);
  }

  public double hours() {
    return Duration.between(startedAt, stoppedAt).toNanos() / 1e9 / 3600;
  }

  /** The instance-hours it paid for: its hours times its share of the instance (0 without a charge). */
  public double instanceHours() {
    return charge.map(c -> hours() * c.on().instanceHoursPerHour()).orElse(0.0);
  }

  public double gpuHours() {
    return charge.map(c -> hours() * c.on().gpuHoursPerHour()).orElse(0.0);
  }

  public double dollars() {
    return charge.map(c -> hours() * c.dollarsPerHour()).orElse(0.0);
  }
}
