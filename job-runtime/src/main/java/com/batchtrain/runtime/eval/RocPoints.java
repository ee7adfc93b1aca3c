package com.batchtrain.runtime.eval;

import java.util.Arrays;
import java.util.Optional;

/**
 * The points of a one-vs-rest ROC curve, for plotting: false and true positive rates as the
 * threshold falls through each distinct score, from (0, 0) to (1, 1). Tied scores form one step, so
 * the curve's area is the tie-aware AUC of {@link RocAuc}.
 */
public final class RocPoints {
  private final double[] falsePositiveRate;
  private final double[] truePositiveRate;

  private RocPoints(double[] falsePositiveRate, double[] truePositiveRate) {
    this.falsePositiveRate = falsePositiveRate;
    this.truePositiveRate = truePositiveRate;
  }

  /** Empty when {@code positive} or the other classes have no samples: no curve exists then. */
  public static Optional<RocPoints> oneVsRest(int[] labels, float[] probabilities, int classes, int positive) {
    int n = labels.length;
    long positives = Arrays.stream(labels).filter(l -> l == positive).count();
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Optional.empty();
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(probabilities[b * classes + positive], probabilities[a * classes + positive]));
    double[] fpr = new double[n + 1];
    double[] tpr = new double[n + 1];
    int points = 1;
    long tp = 0;
    long fp = 0;
    int i = 0;
    while (i < n) {
      float score = probabilities[order[i] * classes + positive];
      while (i < n && probabilities[order[i] * classes + positive] == score) {
        if (labels[order[i]] == positive) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      fpr[points] = (double) fp / negatives;
      tpr[points] = (double) tp / positives;
      points++;
    }
    return Optional.of(new RocPoints(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points)));
  }

  public double[] falsePositiveRate() {
    return falsePositiveRate.clone();
  }

  public double[] truePositiveRate() {
    return truePositiveRate.clone();
  }
}
