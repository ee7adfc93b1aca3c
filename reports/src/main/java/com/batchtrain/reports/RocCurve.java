package com.batchtrain.reports;

import java.util.Arrays;

/**
 * A one-vs-rest ROC curve of one class: false and true positive rates at decreasing thresholds, and
 * the area under it as computed by whoever produced the curve (not recomputed here).
 */
public record RocCurve(String className, double[] falsePositiveRate, double[] truePositiveRate, double auc) {
  public RocCurve {
    if (className == null || falsePositiveRate == null || truePositiveRate == null) {
      throw new IllegalArgumentException("className and rates must not be null");
    }
    if (falsePositiveRate.length != truePositiveRate.length || falsePositiveRate.length == 0) {
      throw new IllegalArgumentException("ROC of " + className + ": fpr and tpr must have the same, non-zero length");
    }
    falsePositiveRate = falsePositiveRate.clone();
    truePositiveRate = truePositiveRate.clone();
  }

  @Override
  public double[] falsePositiveRate() {
    return falsePositiveRate.clone();
  }

  @Override
  public double[] truePositiveRate() {
    return truePositiveRate.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RocCurve r && className.equals(r.className) && Double.compare(auc, r.auc) == 0
        && Arrays.equals(falsePositiveRate, r.falsePositiveRate) && Arrays.equals(truePositiveRate, r.truePositiveRate);
  }

  @Override
  public int hashCode() {
    return 31 * className.hashCode() + Arrays.hashCode(falsePositiveRate) + 17 * Arrays.hashCode(truePositiveRate);
  }

  @Override
  public String toString() {
    return "RocCurve[" + className + ", points=" + falsePositiveRate.length + ", auc=" + auc + "]";
  }
}
