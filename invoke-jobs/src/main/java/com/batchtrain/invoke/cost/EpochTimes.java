package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Seconds per epoch as a range, from recorded epoch times: the 10th to the 90th percentile, so that one
 * slow first epoch (JIT, caches) or one stall does not set the estimate.
 *
 * @param minSeconds the low end (10th percentile)
 * @param maxSeconds the high end (90th percentile)
 * @param samples how many recorded epochs the range comes from (0 when given directly)
 */
public record EpochTimes(double minSeconds, double maxSeconds, int samples) {
  public static final double LOW_PERCENTILE = 10;
  public static final double HIGH_PERCENTILE = 90;

  public EpochTimes {
    if (!(minSeconds > 0) || !Double.isFinite(maxSeconds) || minSeconds > maxSeconds || samples < 0) {
      throw new IllegalArgumentException("epoch times need 0 < min <= max, got " + minSeconds + ".." + maxSeconds);
    }
  }

  /**
   * The range of recorded seconds per epoch; empty when nothing was recorded (then there is no estimate).
   *
   * @throws InvalidValueException when a recorded time is not a positive finite number of seconds
   */
  public static Optional<EpochTimes> from(List<Double> secondsPerEpoch) {
    if (secondsPerEpoch.isEmpty()) {
      return Optional.empty();
    }
    List<Double> sorted = new ArrayList<>(secondsPerEpoch.size());
    for (Double s : secondsPerEpoch) {
      if (s == null || !(s > 0) || !Double.isFinite(s)) {
        throw new InvalidValueException("epoch_seconds", "positive finite seconds per epoch", s);
      }
      sorted.add(s);
    }
    Collections.sort(sorted);
    return Optional.of(new EpochTimes(percentile(sorted, LOW_PERCENTILE), percentile(sorted, HIGH_PERCENTILE),
        sorted.size()));
  }

  /** A range given directly (a probe, a stated assumption). */
  public static EpochTimes of(double minSeconds, double maxSeconds) {
    return new EpochTimes(minSeconds, maxSeconds, 0);
  }

  /** The same epochs on hardware {@code speedup} times faster (seconds divided by it). */
  public EpochTimes fasterBy(double speedup) {
    if (!(speedup > 0) || !Double.isFinite(speedup)) {
      throw new IllegalArgumentException("a speed-up is a positive factor, got " + speedup);
    }
    return new EpochTimes(minSeconds / speedup, maxSeconds / speedup, samples);
  }

  /** {@code 41-55 s/epoch}. */
  public String render() {
    String lo = CostFormat.seconds(minSeconds);
    String hi = CostFormat.seconds(maxSeconds);
    return (lo.equals(hi) ? lo : lo + "-" + hi) + " s/epoch";
  }

  /** Linear interpolation between closest ranks (numpy's default): rank p/100 * (n - 1). */
  public static double percentile(List<Double> sorted, double p) {
    double rank = p / 100 * (sorted.size() - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    double fraction = rank - below;
    return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * fraction;
  }
}
