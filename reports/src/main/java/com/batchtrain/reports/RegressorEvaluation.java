package com.batchtrain.reports;

import java.util.Arrays;

/** A regressor's evaluation: actual targets and the model's predictions, aligned by sample. */
public record RegressorEvaluation(double[] actual, double[] predicted) implements TrialEvaluation {
  public RegressorEvaluation {
    if (actual == null || predicted == null || actual.length != predicted.length || actual.length == 0) {
      throw new IllegalArgumentException("actual and predicted must be non-empty and of the same length");
    }
    actual = actual.clone();
    predicted = predicted.clone();
  }

  @Override
  public double[] actual() {
    return actual.clone();
  }

  @Override
  public double[] predicted() {
    return predicted.clone();
  }

  /**
   * The samples where both values are finite: a diverged model predicts NaN, and its plots should show
   * the samples it did predict rather than fail. Empty when no sample is finite.
   */
  public java.util.Optional<RegressorEvaluation> finiteSamples() {
    int[] keep = java.util.stream.IntStream.range(0, actual.length)
        .filter(i -> Double.isFinite(actual[i]) && Double.isFinite(predicted[i])).toArray();
    if (keep.length == 0) {
      return java.util.Optional.empty();
    }
    if (keep.length == actual.length) {
      return java.util.Optional.of(this);
    }
    return java.util.Optional.of(new RegressorEvaluation(
        java.util.Arrays.stream(keep).mapToDouble(i -> actual[i]).toArray(),
        java.util.Arrays.stream(keep).mapToDouble(i -> predicted[i]).toArray()));
  }

  /** predicted - actual, per sample. */
  public double[] residuals() {
    double[] r = new double[actual.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = predicted[i] - actual[i];
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegressorEvaluation r && Arrays.equals(actual, r.actual) && Arrays.equals(predicted, r.predicted);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(actual) * 31 + Arrays.hashCode(predicted);
  }

  @Override
  public String toString() {
    return "RegressorEvaluation[samples=" + actual.length + "]";
  }
}
