package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BudgetTest {
  private static final Range IN_FLIGHT = new Range(5, 8);
  private static final Range NEXT = new Range(2, 3);

  @Test
  void aTrialStartsWhenTheHighEndOfEverythingCommittedFits() {
    // 30 spent + 5..8 in flight + 2..3 next = 37..41.
    assertTrue(new Budget(50).allows(30, IN_FLIGHT, NEXT));
    assertTrue(new Budget(41).allows(30, IN_FLIGHT, NEXT));
    assertEquals(Optional.empty(), new Budget(41).refusal(30, IN_FLIGHT, NEXT));
  }

  @Test
  void aTrialWhoseHighEndWouldPassMaxCostIsRefusedWithTheNumbers() {
    Budget budget = new Budget(40);
    assertFalse(budget.allows(30, IN_FLIGHT, NEXT));
    assertEquals("max_cost: expected at least the estimate of the money spent, in flight and the next trial "
        + "($37-41, of which $30.00 spent), got $40.00", budget.refusal(30, IN_FLIGHT, NEXT).orElseThrow());
    // Even the low end is over: still refused (37 > 36.5).
    assertFalse(new Budget(36.5).allows(30, IN_FLIGHT, NEXT));
  }

  @Test
  void aSweepIsCheckedAgainstItsEstimateBeforeItStarts() {
    InstancePrice p3 = PriceTable.shipped().price("us-east-1", "p3.8xlarge");
    CostEstimate estimate = CostEstimate.of(64, Range.of(20), OptionalDouble.empty(), Optional.of(EpochTimes.of(41, 55)),
        60, Placement.on(InstanceOption.of(8, 59_392, 1, p3), Market.SPOT), "").orElseThrow();
    // Spot: 5.155556 h x 1.936 = $9.98 at the high end; on-demand $63.10.
    assertTrue(new Budget(10).allowsSweep(estimate.dollars(Market.SPOT)));
    assertFalse(new Budget(10).allowsSweep(estimate.dollars(Market.ON_DEMAND)));
    // One more trial after $9 spent and 3 trials in flight (their whole estimate, conservatively).
    Range one = estimate.forTrials(1).dollars(Market.SPOT);
    Range three = estimate.forTrials(3).dollars(Market.SPOT);
    assertTrue(new Budget(10).allows(9, three, one)); // 9 + 0.469 + 0.156 = 9.63
    assertFalse(new Budget(9.5).allows(9, three, one));
  }

  @Test
  void maxCostMustBePositive() {
    assertEquals("max_cost: expected a positive amount of USD, got 0.0",
        assertThrows(InvalidValueException.class, () -> new Budget(0)).getMessage());
    assertThrows(InvalidValueException.class, () -> new Budget(Double.NaN));
  }
}
