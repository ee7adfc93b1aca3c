package com.batchtrain.invoke.cost;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sweep's recorded attempts used and cost: a pure function of the attempts. Spot attempts are
 * priced at the table's reference spot price (the price actually paid moves by hour and zone and is
 * not in Batch's job records).
 *
 * @param attempts attempts counted
 * @param lostAttempts attempts lost to a retry or reclaim ({@link AttemptUsage.Fate#LOST})
 * @param hours the attempts' wall-clock hours
 * @param lostHours the part of {@code hours} in lost attempts
 * @param priced whether the attempts were billed (Batch), not run on this machine
 * @param exact whether every charge is of a known instance type; when not, dollars are an upper bound
 * @param instanceHours instance-hours paid for (each attempt's hours times its share)
 * @param gpuHours GPU-hours paid for (instance-hours times the instance's GPUs)
 * @param dollars USD, on-demand attempts at the on-demand price, spot ones at the spot reference
 * @param lostInstanceHours the part of {@code instanceHours} in lost attempts
 * @param lostDollars the part of {@code dollars} in lost attempts
 * @param dollarsByJob the dollars of each job (trial id, {@code stage}, {@code driver})
 */
public record SweepUsage(int attempts, int lostAttempts, double hours, double lostHours, boolean priced, boolean exact,
    double instanceHours, double gpuHours, double dollars, double lostInstanceHours, double lostDollars,
    Map<String, Double> dollarsByJob) {

  public SweepUsage {
    dollarsByJob = Collections.unmodifiableMap(new TreeMap<>(dollarsByJob));
  }

  /**
   * Sums the attempts.
   *
   * @param billed whether they ran where they are billed (Batch), not on this machine: said by the
   *     backend, not read from the attempts, so a sweep with none yet is still a billed one
   * @throws IllegalArgumentException when a billed attempt carries no charge
   */
  public static SweepUsage of(List<AttemptUsage> attempts, boolean billed) {
    int lost = 0;
    double hours = 0;
    double lostHours = 0;
    double instanceHours = 0;
    double gpuHours = 0;
    double dollars = 0;
    double lostInstanceHours = 0;
    double lostDollars = 0;
    boolean exact = true;
    Map<String, Double> byJob = new TreeMap<>();
    for (AttemptUsage a : attempts) {
      if (billed && a.charge().isEmpty()) {
        throw new IllegalArgumentException("a billed attempt of " + a.job() + " carries no charge");
      }
      exact &= a.charge().map(Charge::exact).orElse(true);
      hours += a.hours();
      instanceHours += a.instanceHours();
      gpuHours += a.gpuHours();
      dollars += a.dollars();
      byJob.merge(a.job(), a.dollars(), Double::sum);
      if (a.fate() == AttemptUsage.Fate.LOST) {
        lost++;
        lostHours += a.hours();
        lostInstanceHours += a.instanceHours();
        lostDollars += a.dollars();
      }
    }
    return new SweepUsage(attempts.size(), lost, hours, lostHours, billed, exact,
        instanceHours, gpuHours, dollars, lostInstanceHours, lostDollars, byJob);
  }

  /** The fraction of the dollars (hours, when not priced) spent in lost attempts; 0 when nothing was spent. */
  public double lostShare() {
    if (priced) {
      return dollars == 0 ? 0 : lostDollars / dollars;
    }
    return hours == 0 ? 0 : lostHours / hours;
  }

  /**
   * One line: {@code spent: 16 attempts, 4.1 instance-hours, 16.4 GPU-hours, $8.20 (spot at reference prices);
   * lost to retries: 2 attempts, ...}; on this machine the hours only.
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (!priced) {
      out.append("ran: ").append(count(attempts)).append(", ").append(Range.of(hours).duration())
          .append(" on this machine (nothing billed)");
      return out.append(String.format(Locale.ROOT, "; lost to retries: %s, %s (%.1f %%)", count(lostAttempts),
          Range.of(lostHours).duration(), 100 * lostShare())).toString();
    }
    out.append("spent: ").append(count(attempts)).append(", ").append(CostFormat.hours(instanceHours))
        .append(" instance-hours, ");
    if (gpuHours > 0) {
      out.append(CostFormat.hours(gpuHours)).append(" GPU-hours, ");
    }
    out.append(exact ? "$" : "at most $").append(CostFormat.dollars(dollars))
        .append(exact ? " (spot at reference prices)" : " (spot at reference prices; where Batch chose among several"
            + " instance types, the dearest)");
    out.append(String.format(Locale.ROOT, "; lost to retries: %s, %s instance-hours, $%s (%.1f %%)",
        count(lostAttempts), CostFormat.hours(lostInstanceHours), CostFormat.dollars(lostDollars),
        100 * lostShare()));
    return out.toString();
  }

  private static String count(int n) {
    return n + (n == 1 ? " attempt" : " attempts");
  }
}
