package com.batchtrain.invoke.report;

import com.batchtrain.invoke.cost.SweepUsage;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Instant;
import com.batchtrain.reports.SweepCost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sweep's jobs used and cost so far, as {@code status}, {@code results} and the report show it:
 * the usage of its recorded attempts, or why it cannot be said (a price the table lacks: the commands
 * still show everything else).
 *
 * @param pricing how the dollars were priced, for the report's note ({@code prices dated 2026-12-07})
 */
public record UsageView(Optional<SweepUsage> usage, Optional<String> unknown, String pricing) {

  /**
   * The attempts' usage. What they cannot be priced or read by (a price the table lacks, an environment
   * Batch will not describe) makes the view say so: cost never fails the command that shows it.
   */
  public static UsageView of(AttemptHistory history, SweepRecord record, Instant now, String pricing) {
    try {
      return new UsageView(Optional.of(SweepUsage.of(history.attempts(record, now), history.billed())), Optional.empty(),
          pricing);
    } catch (RuntimeException e) {
      return new UsageView(Optional.empty(), Optional.of(String.valueOf(e.getMessage())), pricing);
    }
  }

  /** One line: {@code cost: spent: ...}, {@code cost: ran: ...}, or {@code cost: unknown: <why>}. */
  public String line() {
    return "cost: " + usage.map(SweepUsage::render).orElseGet(() -> "unknown: " + unknown.orElseThrow());
  }

  /** The Cost card's numbers. */
  public SweepCost card() {
    if (usage.isEmpty()) {
      return SweepCost.unknown(unknown.orElseThrow());
    }
    SweepUsage u = usage.get();
    return new SweepCost(u.attempts(), u.lostAttempts(), u.hours(), u.priced(), u.exact(), u.instanceHours(),
        u.gpuHours(), u.dollars(), u.lostShare(), pricing, Optional.empty());
  }

  /** The dollars of one job (a trial id), when the attempts were billed. */
  public Optional<Double> dollarsOf(String job) {
    return usage.filter(SweepUsage::priced).map(u -> u.dollarsByJob().get(job));
  }

  /** For {@code results --format json}: the usage's numbers, or {@code {"unknown": why}}. */
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (usage.isEmpty()) {
      m.put("unknown", unknown.orElseThrow());
      return m;
    }
    SweepUsage u = usage.get();
    m.put("billed", u.priced());
    m.put("exact", u.exact());
    m.put("attempts", u.attempts());
    m.put("lostAttempts", u.lostAttempts());
    m.put("hours", u.hours());
    m.put("instanceHours", u.instanceHours());
    m.put("gpuHours", u.gpuHours());
    m.put("dollars", u.dollars());
    m.put("lostDollars", u.lostDollars());
    m.put("lostShare", u.lostShare());
    m.put("dollarsByJob", u.dollarsByJob());
    m.put("pricing", pricing);
    return m;
  }
}
