package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CostEstimateTest {
  private static final InstancePrice P3 = PriceTable.shipped().price("us-east-1", "p3.8xlarge");
  private static final Placement QUARTER = Placement.on(InstanceOption.of(8, 59_392, 1, P3), Market.SPOT);

  @Test
  void aSweepOnAQuarterOfAP38xlargeFromRecordedEpochTimes() {
    // Recorded: 40..48 s and one slow 120 s epoch -> 40.9-55.2 s (EpochTimesTest).
    Optional<EpochTimes> times =
        EpochTimes.from(List.of(120.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0));
    CostEstimate e = CostEstimate.of(64, Range.of(20), OptionalDouble.empty(), times, 60, QUARTER, "").orElseThrow();
    // Per trial: (20 * 40.9 + 60) / 3600 = 0.243889 h .. (20 * 55.2 + 60) / 3600 = 0.323333 h.
    // 64 trials at 1/4 of a node: x 16 -> 3.902222 .. 5.173333 instance-hours.
    assertEquals(3.902222, e.instanceHours().low(), 1e-6);
    assertEquals(5.173333, e.instanceHours().high(), 1e-6);
    // 4 GPUs per instance: 15.608889 .. 20.693333 GPU-hours (64 trials x 1 GPU x their hours).
    assertEquals(15.608889, e.gpuHours().low(), 1e-6);
    assertEquals(20.693333, e.gpuHours().high(), 1e-6);
    // $12.24/h: 47.763200 .. 63.321600; spot reference $1.936/h: 7.554702 .. 10.015573.
    assertEquals(47.7632, e.onDemandDollars().low(), 1e-4);
    assertEquals(63.3216, e.onDemandDollars().high(), 1e-4);
    assertEquals(7.554702, e.spotDollars().low(), 1e-6);
    assertEquals(10.015573, e.dollars(Market.SPOT).high(), 1e-6);
    assertEquals(e.instanceHours(), e.ceilingInstanceHours());
    assertEquals(e.spotDollars(), e.expectedDollars());
    assertEquals("""
        estimate: 64 trials x 20 epochs x 41-55 s/epoch + 60 s start-up each, at 1/4 of a p3.8xlarge (us-east-1)
          3.9-5.2 instance-hours, 15.6-20.7 GPU-hours, $48-63 on-demand, $7.55-10 spot
          (spot at the reference price $1.94/h, which moves by hour and zone; prices dated 2026-12-07)""",
        e.render());
  }

  @Test
  void earlyStoppingEstimatesTheExpectedEpochsAndShowsTheCeiling() {
    CostEstimate e = CostEstimate.of(64, Range.of(20), OptionalDouble.of(0.32), Optional.of(EpochTimes.of(41, 55)), 60,
        QUARTER, "").orElseThrow();
    // (6.4 * 41 + 60) / 3600 * 16 = 322.4 / 225 = 1.432889; (6.4 * 55 + 60) / 225 = 412 / 225 = 1.831111.
    assertEquals(1.432889, e.instanceHours().low(), 1e-6);
    assertEquals(1.831111, e.instanceHours().high(), 1e-6);
    // Ceiling, all 20 epochs: (20 * 55 + 60) / 225 = 5.155556 h, x 12.24 = $63.10, x 1.936 = $9.98.
    assertEquals(5.155556, e.ceilingInstanceHours().high(), 1e-6);
    assertEquals(63.104, e.ceilingDollars(Market.ON_DEMAND).high(), 1e-6);
    assertEquals("""
        estimate: 64 trials x 20 epochs (6.4 expected with early stopping) x 41-55 s/epoch + 60 s start-up each, \
        at 1/4 of a p3.8xlarge (us-east-1)
          1.4-1.8 instance-hours, 5.7-7.3 GPU-hours, $18-22 on-demand, $2.77-3.55 spot
          without early stopping: up to 5.2 instance-hours, $63 on-demand, $9.98 spot
          (spot at the reference price $1.94/h, which moves by hour and zone; prices dated 2026-12-07)""",
        e.render());
  }

  @Test
  void aCpuSweepOnWholeSmallInstancesHasNoGpuHours() {
    InstancePrice c6i = PriceTable.shipped().price("us-east-1", "c6i.large");
    // Recorded 30, 40, 42, ..., 54, 90: p10 = 30 + 0.9 * 10 = 39, p90 = 54 + 0.1 * 36 = 57.6.
    Optional<EpochTimes> times =
        EpochTimes.from(List.of(30.0, 40.0, 42.0, 44.0, 46.0, 48.0, 50.0, 52.0, 54.0, 90.0));
    CostEstimate e = CostEstimate.of(10, Range.of(5), OptionalDouble.empty(), times, 0,
        Placement.on(InstanceOption.of(2, 4_096, 0, c6i), Market.ON_DEMAND), "").orElseThrow();
    // 10 * 5 * 39 / 3600 = 0.541667 h .. 10 * 5 * 57.6 / 3600 = 0.8 h; x $0.085 = 0.046042 .. 0.068.
    assertEquals(0.541667, e.instanceHours().low(), 1e-6);
    assertEquals(0.8, e.instanceHours().high(), 1e-9);
    assertEquals(0.068, e.onDemandDollars().high(), 1e-9);
    assertEquals(0, e.gpuHours().high());
    assertEquals("""
        estimate: 10 trials x 5 epochs x 39-58 s/epoch, at a whole c6i.large (us-east-1)
          0.54-0.80 instance-hours, $0.046-0.068 on-demand, $0.018-0.027 spot
          (spot at the reference price $0.034/h, which moves by hour and zone; prices dated 2026-12-07)""",
        e.render());
  }

  /** The same work where the queue falls back to: what a budget is held to is the dearer of the two. */
  @Test
  void theSameWorkElsewhereIsPricedThere() {
    CostEstimate spot = CostEstimate.of(64, Range.of(20), OptionalDouble.of(0.32), Optional.of(EpochTimes.of(41, 55)), 60,
        QUARTER, "").orElseThrow();
    CostEstimate onDemand = spot.at(Placement.on(QUARTER.cheapest(), Market.ON_DEMAND));
    assertEquals(spot.instanceHours(), onDemand.instanceHours());
    // Every epoch: (20 * 55 + 60) / 3600 h x 64 trials / 4 = 5.155556 instance-hours at $12.24.
    assertEquals(63.104, onDemand.ceilingDollars(onDemand.placement().market()).high(), 1e-6);
    assertEquals(onDemand.onDemandDollars(), onDemand.expectedDollars());
  }

  @Test
  void withoutRecordedEpochTimesThereIsNoEstimate() {
    Optional<CostEstimate> none =
        CostEstimate.of(64, Range.of(20), OptionalDouble.empty(), EpochTimes.from(List.of()), 60, QUARTER, "");
    assertTrue(none.isEmpty());
    assertEquals("no estimate: no earlier sweep of this model and data, and no --probe", CostEstimate.render(none));
  }

  @Test
  void oneTrialIsTheSweepDividedByItsTrials() {
    CostEstimate sweep = CostEstimate.of(64, Range.of(20), OptionalDouble.empty(), Optional.of(EpochTimes.of(41, 55)),
        60, QUARTER, "").orElseThrow();
    CostEstimate one = sweep.forTrials(1);
    assertEquals(sweep.spotDollars().low() / 64, one.spotDollars().low(), 1e-12);
    assertEquals(sweep.onDemandDollars().high() / 64, one.onDemandDollars().high(), 1e-12);
  }

  @Test
  void countsOutOfRangeAreBadValues() {
    Optional<EpochTimes> t = Optional.of(EpochTimes.of(1, 2));
    Range twenty = Range.of(20);
    assertEquals("max_trials: expected at least 1 trial to estimate, got 0", assertThrows(InvalidValueException.class,
        () -> CostEstimate.of(0, twenty, OptionalDouble.empty(), t, 0, QUARTER, "")).getMessage());
    assertEquals("expected_share: expected a share of the planned epochs above 0 and at most 1, got 1.05",
        assertThrows(InvalidValueException.class,
            () -> CostEstimate.of(64, twenty, OptionalDouble.of(1.05), t, 0, QUARTER, "")).getMessage());
    assertThrows(InvalidValueException.class,
        () -> CostEstimate.of(64, twenty, OptionalDouble.empty(), t, -1, QUARTER, ""));
  }
}
