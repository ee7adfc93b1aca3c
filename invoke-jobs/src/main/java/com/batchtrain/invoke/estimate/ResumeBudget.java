package com.batchtrain.invoke.estimate;

import com.batchtrain.invoke.cost.Budget;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.cost.SweepUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which stopped trials {@code resume} may submit again under a sweep's {@code max_cost}, by the rule the
 * driver holds ({@link CostBudget}): what was spent, plus what the trials still queued or running may
 * spend, plus one more trial's most, must fit, for each re-run in trial order. A re-run is counted as a
 * whole trial although it starts from its checkpoint: a budget is a limit, and the checkpoint may be
 * an epoch old.
 */
public final class ResumeBudget {
  /**
   * @param rerun the stopped trials to submit again
   * @param held the stopped trials not re-run, once one more could pass the budget
   * @param why why {@code held} are held (empty when none is)
   */
  public record Decision(List<Integer> rerun, List<Integer> held, Optional<String> why) {
    public Decision {
      rerun = List.copyOf(rerun);
      held = List.copyOf(held);
    }

    /** No limit: every stopped trial is re-run. */
    public static Decision all(List<Integer> stopped) {
      return new Decision(stopped, List.of(), Optional.empty());
    }

    /** Nothing may be risked (the cost is not known): no stopped trial is re-run. */
    public static Decision none(List<Integer> stopped, String why) {
      return new Decision(List.of(), stopped, stopped.isEmpty() ? Optional.empty() : Optional.of(why));
    }
  }

  private final Budget budget;
  private final Range oneTrial;

  /** @param oneTrial one trial's most: all its epochs, in the queue's dearest market */
  public ResumeBudget(Budget budget, Range oneTrial) {
    this.budget = budget;
    this.oneTrial = oneTrial;
  }

  /**
   * @param spent every attempt of the sweep so far, priced
   * @param active the trials still queued or running
   * @param stopped the trials {@code resume} would re-run, in trial order
   */
  public Decision decide(SweepUsage spent, List<Integer> active, List<Integer> stopped) {
    Range inFlight = CostBudget.stillToSpend(spent, oneTrial, active);
    List<Integer> rerun = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    Optional<String> why = Optional.empty();
    for (int index : stopped) {
      if (held.isEmpty()) {
        why = budget.refusal(spent.dollars(), inFlight, oneTrial);
        if (why.isEmpty()) {
          rerun.add(index);
          inFlight = inFlight.plus(oneTrial);
          continue;
        }
      }
      held.add(index);
    }
    return new Decision(rerun, held, why);
  }
}
