package com.batchtrain.runtime.eval;

import java.util.Arrays;

/** Area under the ROC curve by the rank-sum (Mann-Whitney) statistic, with ties given half credit. */
final class RocAuc {
  private RocAuc() {}

  /** One-vs-rest AUC of {@code positive} against all other classes; NaN when either side is empty. */
  static double oneVsRest(int[] labels, float[] probabilities, int classes, int positive) {
    int n = labels.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(probabilities[a * classes + positive], probabilities[b * classes + positive]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      float score = probabilities[order[i] * classes + positive];
      while (j < n && probabilities[order[j] * classes + positive] == score) {
        j++;
      }
      double averageRank = (i + 1 + j) / 2.0;
      for (int t = i; t < j; t++) {
        if (labels[order[t]] == positive) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
