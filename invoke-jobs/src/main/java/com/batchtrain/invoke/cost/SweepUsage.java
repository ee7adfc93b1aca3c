package com.batchtrain.invoke.cost;

import java.util.List;
import java.util.Locale;

/**
 * What a sweep's recorded attempts cost: a pure function of the attempts and the price table. Spot
 * attempts are priced at the table's reference spot price (the price actually paid moves by hour and
 * zone and is not in Batch's job records).
 *
 * @param attempts attempts counted
 * @param lostAttempts attempts lost to a retry or reclaim ({@link AttemptUsage.Fate#LOST})
 * @param instanceHours instance-hours paid for (each attempt's hours times its share)
 * @param gpuHours GPU-hours paid for (instance-hours times the instance's GPUs)
 * @param dollars USD, on-demand attempts at the on-demand price, spot ones at the spot reference
 * @param lostInstanceHours the part of {@code instanceHours} in lost attempts
 * @param lostDollars the part of {@code dollars} in lost attempts
 */
public record SweepUsage(int attempts, int lostAttempts, double instanceHours, double gpuHours, double dollars,
    double lostInstanceHours, double lostDollars) {

  /**
   * Sums the attempts.
   *
   * @throws UnknownPriceException when an attempt's region or instance type is not in the table
   */
  public static SweepUsage of(List<AttemptUsage> attempts, PriceTable prices) {
    int lost = 0;
    double hours = 0;
    double gpuHours = 0;
    double dollars = 0;
    double lostHours = 0;
    double lostDollars = 0;
    for (AttemptUsage a : attempts) {
      InstancePrice price = prices.price(a.region(), a.instanceType());
      double h = a.instanceHours();
      double d = h * price.perHour(a.market());
      hours += h;
      gpuHours += h * price.gpus();
      dollars += d;
      if (a.fate() == AttemptUsage.Fate.LOST) {
        lost++;
        lostHours += h;
        lostDollars += d;
      }
    }
    return new SweepUsage(attempts.size(), lost, hours, gpuHours, dollars, lostHours, lostDollars);
  }

  /** The fraction of the dollars spent in lost attempts (0 when nothing was spent). */
  public double lostShare() {
    return dollars == 0 ? 0 : lostDollars / dollars;
  }

  /** {@code spent: 16 attempts, 4.1 instance-hours, 16.4 GPU-hours, $8.20; lost to retries: 2 attempts, ...}. */
  public String render() {
    StringBuilder out = new StringBuilder("spent: ").append(attempts).append(attempts == 1 ? " attempt, " : " attempts, ")
        .append(CostFormat.hours(instanceHours)).append(" instance-hours, ");
    if (gpuHours > 0) {
      out.append(CostFormat.hours(gpuHours)).append(" GPU-hours, ");
    }
    out.append('$').append(CostFormat.dollars(dollars)).append(" (spot at reference prices)");
    out.append(String.format(Locale.ROOT, "; lost to retries: %d %s, %s instance-hours, $%s (%.1f %%)", lostAttempts,
        lostAttempts == 1 ? "attempt" : "attempts", CostFormat.hours(lostInstanceHours),
        CostFormat.dollars(lostDollars), 100 * lostShare()));
    return out.toString();
  }
}
