package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * What a sweep will cost before it runs, from recorded epoch times: every trial runs its epochs (the
 * expected share of them when early stopping is on) at the recorded seconds per epoch, plus a start-up
 * overhead, on its share of an instance ({@link Placement}) at the table's price. Each result is a
 * low..high range: from the fast end of the epoch times, the fewest epochs and the cheapest instance
 * option, to the slow end, the most epochs and the dearest option. Without recorded epoch times there
 * is no estimate ({@link #of} returns empty and {@link #render(Optional)} says so): a number is never
 * invented.
 *
 * <p>Per trial and option: {@code hours = (epochs * share * secondsPerEpoch + startupSeconds) / 3600}.
 * For the sweep: {@code instanceHours = trials * hours * instanceShare}; {@code gpuHours = instanceHours *
 * gpusOfTheInstance} (the GPUs paid for, so a whole 4-GPU node for a 1-GPU trial counts 4); {@code
 * dollars = instanceHours * pricePerHour} (spot: the table's reference price).
 *
 * @param epochsPerTrial the epochs a trial is configured to run, on average over the sweep's trials (a
 *     range when they are drawn from a space not yet sampled)
 * @param expectedShare the share of those epochs expected with early stopping, if it is on and has a model
 * @param basis where the epoch times and the start-up come from, as one phrase for the user
 * @param ceilingInstanceHours the same sweep with every trial running all its epochs (equal to the
 *     estimate without early stopping): the most it can cost at these epoch times
 */
public record CostEstimate(int trials, Range epochsPerTrial, OptionalDouble expectedShare, EpochTimes epochTimes,
    double startupSeconds, Placement placement, String basis, Range instanceHours, Range gpuHours,
    Range onDemandDollars, Range spotDollars, Range ceilingInstanceHours, Range ceilingOnDemandDollars,
    Range ceilingSpotDollars) {

  /** What the CLI prints when nothing was recorded to estimate from. */
  public static final String NO_ESTIMATE = "no estimate: no earlier sweep of this model and data, and no --probe";

  /**
   * The estimate, or empty when there are no epoch times.
   *
   * @param trials trials in the sweep (>= 1)
   * @param epochsPerTrial epochs each trial is configured to run (>= 1; a range when not yet known)
   * @param expectedShare the share of those epochs expected with early stopping (0 < s <= 1), if any
   * @param epochTimes recorded seconds per epoch ({@link EpochTimes#from}), empty when nothing was recorded
   * @param startupSeconds per-attempt overhead outside the epochs (image pull, start, publish), >= 0
   * @throws InvalidValueException when a count or the overhead is out of range
   */
  public static Optional<CostEstimate> of(int trials, Range epochsPerTrial, OptionalDouble expectedShare,
      Optional<EpochTimes> epochTimes, double startupSeconds, Placement placement, String basis) {
    if (trials < 1) {
      throw new InvalidValueException("max_trials", "at least 1 trial to estimate", trials);
    }
    if (epochsPerTrial.low() < 1) {
      throw new InvalidValueException("epochs", "at least 1 epoch per trial to estimate", epochsPerTrial.low());
    }
    if (expectedShare.isPresent()) {
      double s = expectedShare.getAsDouble();
      if (!(s > 0) || s > 1) {
        throw new InvalidValueException("expected_share", "a share of the planned epochs above 0 and at most 1", s);
      }
    }
    if (!(startupSeconds >= 0) || !Double.isFinite(startupSeconds)) {
      throw new InvalidValueException("startup_seconds", "a number of seconds >= 0", startupSeconds);
    }
    if (epochTimes.isEmpty()) {
      return Optional.empty();
    }
    EpochTimes times = epochTimes.get();
    double share = expectedShare.orElse(1);
    Range expected = trialHours(epochsPerTrial.times(share), times, startupSeconds).times(trials);
    Range ceiling = trialHours(epochsPerTrial, times, startupSeconds).times(trials);
    return Optional.of(new CostEstimate(trials, epochsPerTrial, expectedShare, times, startupSeconds, placement, basis,
        between(placement, expected, InstanceOption::instanceHoursPerHour),
        between(placement, expected, InstanceOption::gpuHoursPerHour),
        over(placement, expected, o -> o.dollarsPerHour(Market.ON_DEMAND)),
        over(placement, expected, o -> o.dollarsPerHour(Market.SPOT)),
        between(placement, ceiling, InstanceOption::instanceHoursPerHour),
        over(placement, ceiling, o -> o.dollarsPerHour(Market.ON_DEMAND)),
        over(placement, ceiling, o -> o.dollarsPerHour(Market.SPOT))));
  }

  /** The estimate's lines, or {@link #NO_ESTIMATE}. */
  public static String render(Optional<CostEstimate> estimate) {
    return estimate.map(CostEstimate::render).orElse(NO_ESTIMATE);
  }

  /** Dollars in a market (spot: at the reference price). */
  public Range dollars(Market market) {
    return market == Market.SPOT ? spotDollars : onDemandDollars;
  }

  /** Dollars in the market the trials are placed in first (spot on a spot queue). */
  public Range expectedDollars() {
    return dollars(placement.market());
  }

  /** Dollars in a market if every trial ran all its epochs. */
  public Range ceilingDollars(Market market) {
    return market == Market.SPOT ? ceilingSpotDollars : ceilingOnDemandDollars;
  }

  /** The same work placed by {@code other} (another compute environment of the queue). */
  public CostEstimate at(Placement other) {
    return of(trials, epochsPerTrial, expectedShare, Optional.of(epochTimes), startupSeconds, other, basis).orElseThrow();
  }

  /** The same estimate for {@code n} trials (n = 1: one more trial, for {@link Budget}). */
  public CostEstimate forTrials(int n) {
    return of(n, epochsPerTrial, expectedShare, Optional.of(epochTimes), startupSeconds, placement, basis).orElseThrow();
  }

  /**
   * Three to five plain lines, e.g.
   *
   * <pre>
   * estimate: 64 trials x 20 epochs x 41-55 s/epoch + 60 s start-up each, at 1/4 of a p3.8xlarge (us-east-1)
   *   3.9-5.2 instance-hours, 15.6-20.7 GPU-hours, $48-63 on-demand, $7.55-10 spot
   *   (spot at the reference price $1.94/h, which moves by hour and zone; prices dated 2026-12-07)
   * </pre>
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("estimate: ").append(work(trials, epochsPerTrial, expectedShare, epochTimes, startupSeconds))
        .append(", at ").append(placement.render()).append('\n');
    out.append("  ").append(instanceHours.hours()).append(" instance-hours, ");
    if (gpuHours.high() > 0) {
      out.append(gpuHours.hours()).append(" GPU-hours, ");
    }
    out.append(onDemandDollars.dollars()).append(" on-demand, ").append(spotDollars.dollars()).append(" spot\n");
    if (expectedShare.isPresent()) {
      out.append("  without early stopping: up to ").append(CostFormat.hours(ceilingInstanceHours.high()))
          .append(" instance-hours, $").append(CostFormat.dollars(ceilingOnDemandDollars.high()))
          .append(" on-demand, $").append(CostFormat.dollars(ceilingSpotDollars.high())).append(" spot\n");
    }
    if (basis != null && !basis.isBlank()) {
      out.append("  from ").append(basis).append('\n');
    }
    out.append(placement.exact()
        ? "  (spot at the reference price $" + CostFormat.dollars(placement.cheapest().price().spotReferencePerHour())
            + "/h, which moves by hour and zone;"
        : "  (spot at reference prices, which move by hour and zone;");
    out.append(" prices dated ").append(placement.cheapest().price().dated()).append(')');
    return out.toString();
  }

  /**
   * The work estimated, for this estimate and for trial time on this machine: {@code 64 trials x 20
   * epochs (6.4 expected with early stopping) x 41-55 s/epoch + 60 s start-up each}.
   */
  public static String work(int trials, Range epochsPerTrial, OptionalDouble expectedShare, EpochTimes epochTimes,
      double startupSeconds) {
    StringBuilder out = new StringBuilder();
    out.append(trials).append(trials == 1 ? " trial x " : " trials x ").append(epochs(epochsPerTrial));
    expectedShare.ifPresent(s -> out.append(" (").append(epochsPerTrial.low() == epochsPerTrial.high()
        ? CostFormat.count(epochsPerTrial.low() * s) : String.format(Locale.ROOT, "%.0f %%", 100 * s))
        .append(" expected with early stopping)"));
    out.append(" x ").append(epochTimes.render());
    if (startupSeconds > 0) {
      out.append(" + ").append(CostFormat.seconds(startupSeconds)).append(" s start-up each");
    }
    return out.toString();
  }

  /** Hours of trials (not of instances): what the sweep runs for, summed over its trials. */
  public static Range trialHours(int trials, Range epochsPerTrial, OptionalDouble expectedShare, EpochTimes times,
      double startupSeconds) {
    return trialHours(epochsPerTrial.times(expectedShare.orElse(1)), times, startupSeconds).times(trials);
  }

  private static String epochs(Range perTrial) {
    String lo = CostFormat.count(perTrial.low());
    String hi = CostFormat.count(perTrial.high());
    String n = lo.equals(hi) ? lo : lo + "-" + hi;
    return n + (n.equals("1") ? " epoch" : " epochs");
  }

  /** One trial's hours: low from the fewest epochs at the fast end, high from the most at the slow end. */
  private static Range trialHours(Range epochs, EpochTimes times, double startup) {
    return new Range((epochs.low() * times.minSeconds() + startup) / 3600,
        (epochs.high() * times.maxSeconds() + startup) / 3600);
  }

  /**
   * Hours times a per-hour quantity of the cheapest option at the low end and of the dearest at the high
   * end: instance- and GPU-hours go with the dollars (a share of a 32xlarge is not a cheaper trial).
   */
  private static Range between(Placement placement, Range hours, ToDoubleFunction<InstanceOption> rate) {
    double low = hours.low() * rate.applyAsDouble(placement.cheapest());
    double high = hours.high() * rate.applyAsDouble(placement.dearest());
    return new Range(Math.min(low, high), Math.max(low, high));
  }

  /** Dollars: the lowest over the options at the low end, the highest at the high end (in either market). */
  private static Range over(Placement placement, Range hours, ToDoubleFunction<InstanceOption> rate) {
    double low = Double.MAX_VALUE;
    double high = 0;
    for (InstanceOption o : placement.options()) {
      // To the nano-dollar: a 32xlarge's 64th of its price is the large's price, not a rounding below it.
      double r = Math.round(rate.applyAsDouble(o) * 1e9) / 1e9;
      low = Math.min(low, hours.low() * r);
      high = Math.max(high, hours.high() * r);
    }
    return new Range(low, high);
  }
}
