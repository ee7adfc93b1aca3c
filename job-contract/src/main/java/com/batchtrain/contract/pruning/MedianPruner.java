package com.batchtrain.contract.pruning;

import com.batchtrain.contract.Objective;
import java.util.ArrayList;
import java.util.List;

/**
 * The median stopping rule (Golovin et al., 2017, Google Vizier; as Optuna's MedianPruner): from
 * epoch {@code after}, a trial stops when its value is worse than the median of the values the
 * other trials recorded at the same epoch, once at least {@code minTrials} others have.
 */
public record MedianPruner(int after, int minTrials) implements Pruner {

  @Override
  public boolean checksAt(int epoch) {
    return epoch >= after;
  }

  @Override
  public boolean prune(int epoch, double value, List<Double> recorded, Objective.Goal goal) {
    List<Double> others = new ArrayList<>(recorded);
    others.remove(value);
    if (others.size() < minTrials) {
      return false;
    }
    others.sort(null);
    int n = others.size();
    double median = n % 2 == 1 ? others.get(n / 2) : (others.get(n / 2 - 1) + others.get(n / 2)) / 2;
    return goal == Objective.Goal.MINIMIZE ? value > median : value < median;
  }
}
