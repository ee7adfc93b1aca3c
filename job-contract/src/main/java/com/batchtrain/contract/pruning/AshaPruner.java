package com.batchtrain.contract.pruning;

import com.batchtrain.contract.Objective;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Asynchronous successive halving in its stopping form (Li et al., 2018; as Optuna's
 * SuccessiveHalvingPruner): rungs at {@code grace * reduction^k} epochs below {@code maxEpochs}; at
 * a rung a trial goes on only if its value is among the best {@code 1/reduction} of the values
 * recorded there so far. While fewer than {@code reduction} values are recorded (the first trials
 * to reach a rung), only a value that is the best so far goes on: a trial cannot be paused to wait
 * for later ones, so the early ones are held to the strictest test rather than waved through.
 */
public record AshaPruner(int grace, int reduction, int maxEpochs) implements Pruner {

  @Override
  public boolean checksAt(int epoch) {
    if (epoch < grace || epoch >= maxEpochs) {
      return false;
    }
    long rung = grace;
    while (rung < epoch) {
      rung *= reduction;
    }
    return rung == epoch;
  }

  /**
   * The mean epochs a trial planned for {@code planned} epochs trains when the rule works as designed:
   * every trial reaches the first rung, and at each rung {@code 1/reduction} of them go on. A model, not a
   * measurement: early trials are held to a stricter test, so a real sweep can train somewhat more.
   */
  public double expectedEpochs(int planned) {
    double expected = 0;
    double goingOn = 1;
    long from = 0;
    for (long rung = grace; rung < Math.min(planned, maxEpochs); rung *= reduction) {
      expected += goingOn * (rung - from);
      goingOn /= reduction;
      from = rung;
    }
    return expected + goingOn * (planned - from);
  }

  @Override
  public boolean prune(int epoch, double value, List<Double> recorded, Objective.Goal goal) {
    List<Double> values = new ArrayList<>(recorded);
    // Best first.
    values.sort(goal == Objective.Goal.MINIMIZE ? Comparator.naturalOrder() : Comparator.reverseOrder());
    int promoted = Math.max(1, values.size() / reduction);
    double threshold = values.get(promoted - 1);
    return goal == Objective.Goal.MINIMIZE ? value > threshold : value < threshold;
  }
}
