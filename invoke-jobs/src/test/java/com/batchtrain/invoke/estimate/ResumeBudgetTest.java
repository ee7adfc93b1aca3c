package com.batchtrain.invoke.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.invoke.cost.Budget;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.cost.SweepUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** resume under max_cost, on recorded spending: re-runs in trial order while one more fits, as the driver does. */
class ResumeBudgetTest {
  /** $3 spent, $0.50 of it by t0001, which still runs. */
  private static final SweepUsage SPENT = new SweepUsage(4, 1, 2, 0.5, true, true, 1, 4, 3.0, 0.2, 0.4,
      Map.of("t0000", 1.0, "t0001", 0.5, "t0002", 1.5));

  @Test
  void reRunsStoppedTrialsInOrderWhileOneMoreFitsAndHoldsTheRest() {
    // One trial's most $1-2: t0001 may still spend $0.50-1.50. $3 + 1.50 + 2 = 6.50, then 8.50, then 10.50 > 10.
    ResumeBudget.Decision d = new ResumeBudget(new Budget(10), new Range(1, 2)).decide(SPENT, List.of(1), List.of(2, 3, 4, 5));
    assertEquals(List.of(2, 3), d.rerun());
    assertEquals(List.of(4, 5), d.held());
    assertTrue(d.why().orElseThrow().startsWith("max_cost: expected at least the estimate of the money spent, in flight"
        + " and the next trial"), d.why().get());
    assertTrue(d.why().get().contains("of which $3.00 spent"), d.why().get());
  }

  @Test
  void everyStoppedTrialFitsOrNoneDoes() {
    assertEquals(new ResumeBudget.Decision(List.of(2, 3), List.of(), Optional.empty()),
        new ResumeBudget(new Budget(100), new Range(1, 2)).decide(SPENT, List.of(1), List.of(2, 3)));
    ResumeBudget.Decision none = new ResumeBudget(new Budget(4), new Range(1, 2)).decide(SPENT, List.of(), List.of(2));
    assertEquals(List.of(), none.rerun());
    assertEquals(List.of(2), none.held());
  }

  @Test
  void withoutAnEstimateNothingIsRiskedAndWithoutALimitEverythingIsReRun() {
    assertEquals(List.of(4), ResumeBudget.Decision.none(List.of(4), "no estimate").held());
    assertEquals(Optional.of("no estimate"), ResumeBudget.Decision.none(List.of(4), "no estimate").why());
    assertEquals(List.of(4, 6), ResumeBudget.Decision.all(List.of(4, 6)).rerun());
  }
}
