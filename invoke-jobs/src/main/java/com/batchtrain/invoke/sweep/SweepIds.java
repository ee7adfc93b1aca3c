package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.SweepId;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/** Mints sweep ids: {@code <name>-<yyyyMMdd-HHmmss>-<4 hex>}, sortable by time and unique in practice. */
public final class SweepIds {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private final Clock clock;
  private final RandomGenerator random;

  public SweepIds(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  public SweepId next(String name) {
    return SweepId.of(name + "-" + STAMP.format(clock.instant()) + "-" + String.format("%04x", random.nextInt(0x10000)));
  }
}
