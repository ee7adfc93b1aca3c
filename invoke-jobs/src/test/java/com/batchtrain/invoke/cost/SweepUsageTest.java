package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.invoke.cost.AttemptUsage.Fate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepUsageTest {
  private static final PriceTable PRICES = PriceTable.shipped();
  private static final InstancePrice P3 = PRICES.price("us-east-1", "p3.8xlarge");
  private static final InstanceOption QUARTER = InstanceOption.of(8, 59_392, 1, P3);
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  @Test
  void aReclaimedSpotAttemptCountsAsLost() {
    List<AttemptUsage> attempts = List.of(
        // Trial 0: reclaimed after 30 min, retried, done 90 min later.
        AttemptUsage.of("t0000", at(0), at(30), QUARTER, Market.SPOT, Fate.LOST),
        AttemptUsage.of("t0000", at(32), at(122), QUARTER, Market.SPOT, Fate.ENDED_TRIAL),
        // Trial 1: one attempt of 60 min.
        AttemptUsage.of("t0001", at(0), at(60), QUARTER, Market.SPOT, Fate.ENDED_TRIAL));
    SweepUsage usage = SweepUsage.of(attempts, true);
    // (30 + 90 + 60) min = 3 h, at 1/4 of a node = 0.75 instance-hours; 4 GPUs -> 3.0 GPU-hours.
    assertEquals(3, usage.attempts());
    assertEquals(0.75, usage.instanceHours(), 1e-12);
    assertEquals(3.0, usage.gpuHours(), 1e-12);
    // 0.75 h x $1.936 = $1.452.
    assertEquals(1.452, usage.dollars(), 1e-12);
    // Lost: 30 min x 1/4 = 0.125 instance-hours = $0.242, 1/6 of the money.
    assertEquals(1, usage.lostAttempts());
    assertEquals(0.125, usage.lostInstanceHours(), 1e-12);
    assertEquals(0.242, usage.lostDollars(), 1e-12);
    assertEquals(1.0 / 6, usage.lostShare(), 1e-12);
    // Per trial: t0000 paid 2 h x $0.484, t0001 1 h.
    assertEquals(0.968, usage.dollarsByJob().get("t0000"), 1e-12);
    assertEquals(0.484, usage.dollarsByJob().get("t0001"), 1e-12);
    assertEquals("spent: 3 attempts, 0.75 instance-hours, 3.0 GPU-hours, $1.45 (spot at reference prices); "
        + "lost to retries: 1 attempt, 0.13 instance-hours, $0.24 (16.7 %)", usage.render());
  }

  @Test
  void marketsAndInstancesArePricedPerAttemptAndRunningAttemptsAreSpentNotLost() {
    InstancePrice c6i = PRICES.price("eu-west-1", "c6i.2xlarge");
    List<AttemptUsage> attempts = List.of(
        // Whole p3.8xlarge on-demand for 2 h: 2 instance-hours, 8 GPU-hours, 2 x 12.24 = $24.48.
        AttemptUsage.of("t0000", at(0), at(120), InstanceOption.wholeNode(P3), Market.ON_DEMAND, Fate.ENDED_TRIAL),
        // A quarter of a c6i.2xlarge (eu-west-1, $0.3648/h) running for 1 h: 0.25 h, $0.0912.
        AttemptUsage.of("driver", at(0), at(60), InstanceOption.of(2, 4_096, 0, c6i), Market.ON_DEMAND, Fate.RUNNING));
    SweepUsage usage = SweepUsage.of(attempts, true);
    assertEquals(2.25, usage.instanceHours(), 1e-12);
    assertEquals(8.0, usage.gpuHours(), 1e-12);
    assertEquals(24.5712, usage.dollars(), 1e-12);
    assertEquals(0, usage.lostAttempts());
    assertEquals(0, usage.lostShare());
  }

  @Test
  void nothingRecordedCostsNothing() {
    SweepUsage none = SweepUsage.of(List.of(), true);
    assertEquals(0, none.dollars());
    assertEquals(0, none.lostShare());
    // Billed is the backend's word, not the attempts': a Batch sweep with none yet is still priced.
    assertTrue(none.priced());
    assertEquals("spent: 0 attempts, 0.00 instance-hours, $0.00 (spot at reference prices); lost to retries: 0"
        + " attempts, 0.00 instance-hours, $0.00 (0.0 %)", none.render());
  }

  @Test
  void anUpperBoundChargeSaysSo() {
    Placement cpu = Placement.of(2, 4_096, 0, "us-east-1", Market.ON_DEMAND, List.of("c6i", "m6i", "r6i"), PRICES);
    SweepUsage usage = SweepUsage.of(List.of(new AttemptUsage("stage", at(0), at(60), Optional.of(Charge.of(cpu)),
        Fate.ENDED_TRIAL)), true);
    assertFalse(usage.exact());
    // One hour of a whole r6i.large, the dearest of the three.
    assertEquals(0.126, usage.dollars(), 1e-12);
    assertEquals("spent: 1 attempt, 1.0 instance-hours, at most $0.13 (spot at reference prices; where Batch chose among"
        + " several instance types, the dearest); lost to retries: 0 attempts, 0.00 instance-hours, $0.00 (0.0 %)",
        usage.render());
  }

  @Test
  void attemptsOnThisMachineAreHoursNotDollars() {
    SweepUsage usage = SweepUsage.of(List.of(
        new AttemptUsage("t0000", at(0), at(15), Optional.empty(), Fate.LOST),
        new AttemptUsage("t0000", at(15), at(60), Optional.empty(), Fate.ENDED_TRIAL)), false);
    assertFalse(usage.priced());
    assertEquals(1.0, usage.hours(), 1e-12);
    assertEquals(0.25, usage.lostShare(), 1e-12);
    assertEquals("ran: 2 attempts, 1.0 h on this machine (nothing billed); lost to retries: 1 attempt, 15 min"
        + " (25.0 %)", usage.render());
  }

  @Test
  void anAttemptThatStopsBeforeItStartsIsRejected() {
    assertEquals("attempts[].stoppedAt: expected a time at or after startedAt 2026-12-07T10:30:00Z, got "
        + "'2026-12-07T10:00:00Z'", assertThrows(InvalidValueException.class,
            () -> AttemptUsage.of("t0000", at(30), at(0), QUARTER, Market.SPOT, Fate.LOST)).getMessage());
  }
}
