package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.invoke.cost.AttemptUsage.Fate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepUsageTest {
  private static final PriceTable PRICES = PriceTable.shipped();
  private static final InstancePrice P3 = PRICES.price("us-east-1", "p3.8xlarge");
  private static final NodeShare QUARTER = NodeShare.of(8, 59_392, 1, P3);
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  @Test
  void aReclaimedSpotAttemptCountsAsLost() {
    List<AttemptUsage> attempts = List.of(
        // Trial 0: reclaimed after 30 min, retried, done 90 min later.
        AttemptUsage.of(at(0), at(30), P3, Market.SPOT, QUARTER, Fate.LOST),
        AttemptUsage.of(at(32), at(122), P3, Market.SPOT, QUARTER, Fate.ENDED_TRIAL),
        // Trial 1: one attempt of 60 min.
        AttemptUsage.of(at(0), at(60), P3, Market.SPOT, QUARTER, Fate.ENDED_TRIAL));
    SweepUsage usage = SweepUsage.of(attempts, PRICES);
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
    assertEquals("spent: 3 attempts, 0.75 instance-hours, 3.0 GPU-hours, $1.45 (spot at reference prices); "
        + "lost to retries: 1 attempt, 0.13 instance-hours, $0.24 (16.7 %)", usage.render());
  }

  @Test
  void marketsAndInstancesArePricedPerAttemptAndRunningAttemptsAreSpentNotLost() {
    InstancePrice c6i = PRICES.price("eu-west-1", "c6i.2xlarge");
    List<AttemptUsage> attempts = List.of(
        // Whole p3.8xlarge on-demand for 2 h: 2 instance-hours, 8 GPU-hours, 2 x 12.24 = $24.48.
        AttemptUsage.of(at(0), at(120), P3, Market.ON_DEMAND, NodeShare.wholeNode(P3), Fate.ENDED_TRIAL),
        // A quarter of a c6i.2xlarge (eu-west-1, $0.3648/h) running for 1 h: 0.25 h, $0.0912.
        AttemptUsage.of(at(0), at(60), c6i, Market.ON_DEMAND, NodeShare.of(2, 4_096, 0, c6i), Fate.RUNNING));
    SweepUsage usage = SweepUsage.of(attempts, PRICES);
    assertEquals(2.25, usage.instanceHours(), 1e-12);
    assertEquals(8.0, usage.gpuHours(), 1e-12);
    assertEquals(24.5712, usage.dollars(), 1e-12);
    assertEquals(0, usage.lostAttempts());
    assertEquals(0, usage.lostShare());
  }

  @Test
  void nothingRecordedCostsNothing() {
    SweepUsage none = SweepUsage.of(List.of(), PRICES);
    assertEquals(0, none.dollars());
    assertEquals(0, none.lostShare());
  }

  @Test
  void anAttemptOnAnUnknownInstanceTypeIsNotGuessed() {
    AttemptUsage odd = new AttemptUsage(at(0), at(60), "us-east-1", "p4d.24xlarge", Market.SPOT, 1, Fate.ENDED_TRIAL);
    assertThrows(UnknownPriceException.class, () -> SweepUsage.of(List.of(odd), PRICES));
  }

  @Test
  void anAttemptThatStopsBeforeItStartsIsRejected() {
    assertEquals("attempts[].stoppedAt: expected a time at or after startedAt 2026-12-07T10:30:00Z, got "
        + "'2026-12-07T10:00:00Z'", assertThrows(InvalidValueException.class,
            () -> AttemptUsage.of(at(30), at(0), P3, Market.SPOT, QUARTER, Fate.LOST)).getMessage());
  }
}
