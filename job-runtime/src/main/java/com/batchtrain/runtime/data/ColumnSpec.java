package com.batchtrain.runtime.data;

import java.util.List;

/**
 * The columns a model reads: feature columns in order and the target column. For classification the
 * target holds integer labels {@code 0..classes-1}. A null target (see {@link #featuresOnly}) reads
 * inputs for inference, where targets are unknown.
 */
public record ColumnSpec(List<String> features, String target, Task task, int classes) {
  public ColumnSpec {
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one feature column");
    }
    if (task == Task.CLASSIFICATION && classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes");
    }
    if (task == Task.REGRESSION) {
      classes = 0;
    }
  }

  public static ColumnSpec featuresOnly(List<String> features) {
    return new ColumnSpec(features, null, Task.REGRESSION, 0);
  }

  public boolean hasTarget() {
    return target != null;
  }

  public int width() {
    return features.size();
  }

  /** Checks one target value, returning a description of what was expected, or null when it fits. */
  String rejectTarget(double value) {
    if (task == Task.REGRESSION) {
      return null;
    }
    if (value != Math.rint(value) || value < 0 || value >= classes) {
      return "an integer class label in 0.." + (classes - 1);
    }
    return null;
  }
}
