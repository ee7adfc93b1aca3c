package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a sweep will cost before it runs, from recorded epoch times: every trial runs its epochs (the
 * expected number when early stopping is on) at the recorded seconds per epoch, plus a start-up overhead,
 * on its {@link NodeShare} of an instance at the table's price. Each result is a low..high range from the
 * epoch-time range. Without recorded epoch times there is no estimate ({@link #of} returns empty and
 * {@link #render(Optional)} says so): a number is never invented.
 *
 * <p>Per trial: {@code hours = (epochs * secondsPerEpoch + startupSeconds) / 3600}. For the sweep:
 * {@code instanceHours = trials * hours * share}; {@code gpuHours = instanceHours * gpusOfTheInstance} (the
 * GPUs paid for, so a whole 4-GPU node for a 1-GPU trial counts 4); {@code dollars = instanceHours *
 * pricePerHour} (spot: the table's reference price).
 *
 * @param ceiling the same sweep with every trial running all planned epochs (equal to the estimate when
 *     there is no early stopping): the most it can cost at these epoch times
 */
public record CostEstimate(int trials, int plannedEpochs, OptionalDouble expectedEpochs, EpochTimes epochTimes,
    double startupSeconds, NodeShare share, InstancePrice price, Range instanceHours, Range gpuHours,
    Range onDemandDollars, Range spotDollars, Range ceilingInstanceHours) {

  /** What the CLI prints when nothing was recorded to estimate from. */
  public static final String NO_ESTIMATE = "no estimate: no earlier sweep of this model and data, and no --probe";

  /**
   * The estimate, or empty when there are no epoch times.
   *
   * @param trials trials in the sweep (>= 1)
   * @param plannedEpochs epochs each trial is configured to run (>= 1)
   * @param expectedEpochs the mean epochs per trial expected with early stopping (0 < e <= planned), if
   *     early stopping is on and an expectation is known
   * @param epochTimes recorded seconds per epoch ({@link EpochTimes#from}), empty when nothing was recorded
   * @param startupSeconds per-trial overhead outside the epochs (image pull, start, publish), >= 0
   * @throws InvalidValueException when a count or the overhead is out of range
   */
  public static Optional<CostEstimate> of(int trials, int plannedEpochs, OptionalDouble expectedEpochs,
      Optional<EpochTimes> epochTimes, double startupSeconds, NodeShare share, InstancePrice price) {
    if (trials < 1) {
      throw new InvalidValueException("max_trials", "at least 1 trial to estimate", trials);
    }
    if (plannedEpochs < 1) {
      throw new InvalidValueException("epochs", "at least 1 epoch per trial to estimate", plannedEpochs);
    }
    if (expectedEpochs.isPresent()) {
      double e = expectedEpochs.getAsDouble();
      if (!(e > 0) || e > plannedEpochs) {
        throw new InvalidValueException("expected_epochs",
            "a mean number of epochs above 0 and at most the planned " + plannedEpochs, e);
      }
    }
    if (!(startupSeconds >= 0) || !Double.isFinite(startupSeconds)) {
      throw new InvalidValueException("startup_seconds", "a number of seconds >= 0", startupSeconds);
    }
    if (!share.instanceType().equals(price.instanceType())) {
      throw new IllegalArgumentException("the share is of a " + share.instanceType() + ", the price of a "
          + price.instanceType());
    }
    if (epochTimes.isEmpty()) {
      return Optional.empty();
    }
    EpochTimes times = epochTimes.get();
    double epochs = expectedEpochs.orElse(plannedEpochs);
    Range instanceHours = instanceHours(trials, epochs, times, startupSeconds, share);
    Range ceiling = instanceHours(trials, plannedEpochs, times, startupSeconds, share);
    return Optional.of(new CostEstimate(trials, plannedEpochs, expectedEpochs, times, startupSeconds, share, price,
        instanceHours, instanceHours.times(price.gpus()), instanceHours.times(price.onDemandPerHour()),
        instanceHours.times(price.spotReferencePerHour()), ceiling));
  }

  /** The estimate's lines, or {@link #NO_ESTIMATE}. */
  public static String render(Optional<CostEstimate> estimate) {
    return estimate.map(CostEstimate::render).orElse(NO_ESTIMATE);
  }

  /** Dollars in a market (spot: at the reference price). */
  public Range dollars(Market market) {
    return market == Market.SPOT ? spotDollars : onDemandDollars;
  }

  /** Dollars in a market if every trial ran all planned epochs. */
  public Range ceilingDollars(Market market) {
    return ceilingInstanceHours.times(price.perHour(market));
  }

  /** The same estimate for {@code n} trials (n = 1: one more trial, for {@link Budget}). */
  public CostEstimate forTrials(int n) {
    return of(n, plannedEpochs, expectedEpochs, Optional.of(epochTimes), startupSeconds, share, price).orElseThrow();
  }

  /**
   * Two to four plain lines, e.g.
   *
   * <pre>
   * estimate: 64 trials x 20 epochs x 41-55 s/epoch + 60 s start-up each, at 1/4 of a p3.8xlarge (us-east-1)
   *   3.9-5.2 instance-hours, 15.6-20.8 GPU-hours: $48-64 on-demand, $7.50-10 spot
   *   (spot at the reference price $1.94/h, which moves by hour and zone; prices dated 2026-12-07)
   * </pre>
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("estimate: ").append(trials).append(trials == 1 ? " trial x " : " trials x ").append(plannedEpochs)
        .append(plannedEpochs == 1 ? " epoch" : " epochs");
    expectedEpochs.ifPresent(e -> out.append(" (").append(CostFormat.count(e)).append(" expected with early stopping)"));
    out.append(" x ").append(epochTimes.render());
    if (startupSeconds > 0) {
      out.append(" + ").append(CostFormat.seconds(startupSeconds)).append(" s start-up each");
    }
    out.append(", at ").append(share.render()).append(" (").append(price.region()).append(")\n");
    out.append("  ").append(instanceHours.hours()).append(" instance-hours, ");
    if (price.gpus() > 0) {
      out.append(gpuHours.hours()).append(" GPU-hours, ");
    }
    out.append(onDemandDollars.dollars()).append(" on-demand, ").append(spotDollars.dollars()).append(" spot\n");
    if (expectedEpochs.isPresent()) {
      out.append("  without early stopping: up to ").append(CostFormat.hours(ceilingInstanceHours.high()))
          .append(" instance-hours, $").append(CostFormat.dollars(ceilingDollars(Market.ON_DEMAND).high()))
          .append(" on-demand, $").append(CostFormat.dollars(ceilingDollars(Market.SPOT).high())).append(" spot\n");
    }
    out.append(String.format(Locale.ROOT, "  (spot at the reference price $%.2f/h, which moves by hour and zone;"
        + " prices dated %s)", price.spotReferencePerHour(), price.dated()));
    return out.toString();
  }

  private static Range instanceHours(int trials, double epochs, EpochTimes times, double startup, NodeShare share) {
    double low = (epochs * times.minSeconds() + startup) / 3600;
    double high = (epochs * times.maxSeconds() + startup) / 3600;
    return new Range(low, high).times(trials * share.fraction());
  }
}
