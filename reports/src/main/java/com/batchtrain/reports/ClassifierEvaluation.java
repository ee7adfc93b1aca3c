package com.batchtrain.reports;

import java.util.Arrays;
import java.util.List;

/**
 * A classifier's evaluation: class names, the confusion matrix with rows = actual class and columns
 * = predicted class (the scikit-learn convention), and one-vs-rest ROC curves (may be empty).
 */
public record ClassifierEvaluation(List<String> classNames, long[][] confusion, List<RocCurve> rocCurves)
    implements TrialEvaluation {
  public ClassifierEvaluation {
    if (classNames == null || confusion == null || rocCurves == null) {
      throw new IllegalArgumentException("classNames, confusion and rocCurves must not be null");
    }
    classNames = List.copyOf(classNames);
    int n = classNames.size();
    if (n == 0 || confusion.length != n) {
      throw new IllegalArgumentException("confusion matrix must be " + n + "x" + n + " for " + n + " classes");
    }
    long[][] copy = new long[n][];
    for (int i = 0; i < n; i++) {
      if (confusion[i] == null || confusion[i].length != n) {
        throw new IllegalArgumentException("confusion matrix row " + i + " must have " + n + " columns");
      }
      for (long count : confusion[i]) {
        if (count < 0) {
          throw new IllegalArgumentException("confusion matrix counts must be >= 0, row " + i + " has " + count);
        }
      }
      copy[i] = confusion[i].clone();
    }
    confusion = copy;
    rocCurves = List.copyOf(rocCurves);
  }

  @Override
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  public long count(int actual, int predicted) {
    return confusion[actual][predicted];
  }

  /** Row-normalised matrix: each actual class's row sums to 1 (0 for a class with no samples). */
  public double[][] normalised() {
    double[][] rates = new double[confusion.length][confusion.length];
    for (int i = 0; i < confusion.length; i++) {
      long total = Arrays.stream(confusion[i]).sum();
      for (int j = 0; j < confusion.length; j++) {
        rates[i][j] = total == 0 ? 0.0 : (double) confusion[i][j] / total;
      }
    }
    return rates;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassifierEvaluation c && classNames.equals(c.classNames)
        && Arrays.deepEquals(confusion, c.confusion) && rocCurves.equals(c.rocCurves);
  }

  @Override
  public int hashCode() {
    return classNames.hashCode() * 31 + Arrays.deepHashCode(confusion) + rocCurves.hashCode();
  }

  @Override
  public String toString() {
    return "ClassifierEvaluation[classes=" + classNames + ", confusion=" + Arrays.deepToString(confusion)
        + ", rocCurves=" + rocCurves + "]";
  }
}
