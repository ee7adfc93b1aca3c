package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final PriceTable PRICES = PriceTable.shipped();

  @Test
  void theGpuEnvironmentHasOneInstanceTypeSoThePlacementIsExact() {
    Placement p = Placement.of(8, 59_392, 1, "us-east-1", Market.SPOT, List.of("p3.8xlarge"), PRICES);
    assertTrue(p.exact());
    assertEquals(4, p.cheapest().share().trialsPerNode());
    assertEquals("1/4 of a p3.8xlarge (us-east-1)", p.render());
    // $1.936/h spot reference for the node, a quarter of it per trial.
    assertEquals(0.484, p.cheapest().dollarsPerHour(Market.SPOT), 1e-12);
    assertEquals(Charge.of(p), new Charge(p.cheapest(), Market.SPOT, true));
  }

  @Test
  void familiesGiveEverySizeThatFitsFromTheCheapestToTheDearestForTheJob() {
    // 2 vCPU, 4 GiB: every size of c6i, m6i and r6i holds it; per job, a family's sizes cost the same (linear
    // prices): c6i $0.085/h, m6i $0.096, r6i $0.126. The smallest stands for each.
    Placement p = Placement.of(2, 4_096, 0, "us-east-1", Market.ON_DEMAND, List.of("c6i", "m6i", "r6i"), PRICES);
    assertFalse(p.exact());
    assertEquals("c6i.large", p.cheapest().price().instanceType());
    assertEquals("r6i.large", p.dearest().price().instanceType());
    assertEquals(0.085, p.cheapest().dollarsPerHour(Market.ON_DEMAND), 1e-12);
    assertEquals(0.126, p.dearest().dollarsPerHour(Market.ON_DEMAND), 1e-12);
    assertEquals("a whole c6i.large to a whole r6i.large (us-east-1; Batch chooses among c6i, m6i, r6i)", p.render());
    // Charged at the dearest when Batch does not say which ran the attempt: an upper bound.
    Charge charge = Charge.of(p);
    assertEquals("r6i.large", charge.on().price().instanceType());
    assertFalse(charge.exact());
    // One family is still a choice of sizes.
    assertFalse(Placement.of(2, 4_096, 0, "us-east-1", Market.ON_DEMAND, List.of("c6i"), PRICES).exact());
    // 3 vCPUs fit no large (2 vCPUs) and leave one of an xlarge's 4 idle ($0.17 a job); a 12xlarge's 48 hold
    // 16 such jobs without waste (1/16 of $2.04: $0.1275), the cheapest; an r6i.xlarge's idle vCPU, the dearest.
    Placement three = Placement.of(3, 4_096, 0, "us-east-1", Market.ON_DEMAND, List.of("c6i", "m6i", "r6i"), PRICES);
    assertEquals("c6i.12xlarge", three.cheapest().price().instanceType());
    assertEquals(16, three.cheapest().share().trialsPerNode());
    assertEquals("r6i.xlarge", three.dearest().price().instanceType());
    assertEquals(0.252, three.dearest().dollarsPerHour(Market.ON_DEMAND), 1e-12);
  }

  @Test
  void anEstimateOverSeveralInstanceTypesRangesFromTheCheapestToTheDearest() {
    Placement p = Placement.of(2, 4_096, 0, "us-east-1", Market.ON_DEMAND, List.of("c6i", "m6i", "r6i"), PRICES);
    CostEstimate e = CostEstimate.of(10, Range.of(6), OptionalDouble.empty(), Optional.of(EpochTimes.of(30, 60)), 0, p,
        "120 epochs of sweep s-1").orElseThrow();
    // 10 trials x 6 epochs x 30..60 s = 0.5..1.0 h, one whole instance each: $0.085 x 0.5 .. $0.126 x 1.0.
    assertEquals(0.0425, e.onDemandDollars().low(), 1e-12);
    assertEquals(0.126, e.onDemandDollars().high(), 1e-12);
    assertEquals("""
        estimate: 10 trials x 6 epochs x 30-60 s/epoch, at a whole c6i.large to a whole r6i.large (us-east-1; Batch \
        chooses among c6i, m6i, r6i)
          0.50-1.0 instance-hours, $0.043-0.13 on-demand, $0.017-0.053 spot
          from 120 epochs of sweep s-1
          (spot at reference prices, which move by hour and zone; prices dated 2026-12-07)""", e.render());
  }

  @Test
  void epochsNotYetKnownAreARange() {
    Placement p = Placement.on(InstanceOption.of(8, 59_392, 1, PRICES.price("us-east-1", "p3.8xlarge")), Market.SPOT);
    CostEstimate e = CostEstimate.of(12, new Range(5, 20), OptionalDouble.of(0.5), Optional.of(EpochTimes.of(30, 30)),
        0, p, "").orElseThrow();
    // 12 x 2.5..10 epochs x 30 s = 0.25..1 h of trials, a quarter node each: 0.0625..0.25 instance-hours.
    assertEquals(0.0625, e.instanceHours().low(), 1e-12);
    assertEquals(0.25, e.instanceHours().high(), 1e-12);
    assertTrue(e.render().startsWith("estimate: 12 trials x 5-20 epochs (50 % expected with early stopping) x 30 s/epoch"),
        e.render());
  }

  @Test
  void whatThePriceTableCannotAnswerIsSaidNotGuessed() {
    assertEquals("instance_type: expected named instance types or families (Batch's optimal picks among families of its"
        + " own choosing, which no price table can know), got 'optimal'", assertThrows(UnknownPriceException.class,
            () -> Placement.of(2, 4_096, 0, "us-east-1", Market.ON_DEMAND, List.of("optimal"), PRICES)).getMessage());
    assertEquals("instance_type: expected an instance family the price table has for us-east-1, got 'c7g'",
        assertThrows(UnknownPriceException.class,
            () -> Placement.of(2, 4_096, 0, "us-east-1", Market.ON_DEMAND, List.of("c7g"), PRICES)).getMessage());
    assertTrue(assertThrows(UnknownPriceException.class,
        () -> Placement.of(2, 4_096, 0, "mars-north-1", Market.ON_DEMAND, List.of("c6i"), PRICES)).getMessage()
        .startsWith("region: expected a region of the price table (ap-northeast-1, eu-central-1, eu-west-1, us-east-1,"
            + " us-west-2; dated 2026-12-07, or give --prices FILE), got 'mars-north-1'"));
    assertEquals("resources.gpus: expected at most 4 GPUs, what one p3.8xlarge has, got 8",
        assertThrows(InvalidValueException.class,
            () -> Placement.of(8, 59_392, 8, "us-east-1", Market.SPOT, List.of("p3.8xlarge"), PRICES)).getMessage());
  }
}
