package com.batchtrain.runtime.data;

import com.batchtrain.contract.ModelSpec.Task;
import com.batchtrain.datasets.ClassLabels;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of float features (row-major, {@code rows x columns.width()}) with one target per row, in the
 * order the source files were read. A classifier's targets are class indexes into {@code classes}.
 *
 * @param classes a classifier's classes in index order (null for a regressor or inputs without targets)
 */
public record Dataset(ColumnSpec columns, float[] features, float[] targets, ClassLabels classes) {
  public Dataset {
    if (features.length != (long) targets.length * columns.width()) {
      throw new IllegalArgumentException("features length " + features.length + " != rows " + targets.length
          + " x width " + columns.width());
    }
    if (columns.task() == Task.CLASSIFICATION && columns.hasTarget()) {
      classes = classes == null ? ClassLabels.integers(columns.classes()) : classes;
      if (classes.count() != columns.classes()) {
        throw new IllegalArgumentException(classes.count() + " class names for " + columns.classes() + " classes");
      }
    } else {
      classes = null;
    }
  }

  /** Rows whose classes, if any, are the integer labels {@code 0..classes-1} named {@code class0..}. */
  public Dataset(ColumnSpec columns, float[] features, float[] targets) {
    this(columns, features, targets, null);
  }

  public int rows() {
    return targets.length;
  }

  public int width() {
    return columns.width();
  }

  /** A classifier's class names in index order; empty for a regressor. */
  public List<String> classNames() {
    return classes == null ? List.of() : classes.names();
  }

  /** The rows at {@code indices}, in that order. */
  public Dataset select(int[] indices) {
    int w = width();
    float[] f = new float[indices.length * w];
    float[] t = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * w, f, i * w, w);
      t[i] = targets[indices[i]];
    }
    return new Dataset(columns, f, t, classes);
  }

  public int[] labels() {
    int[] out = new int[targets.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) targets[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dataset d && columns.equals(d.columns) && Arrays.equals(features, d.features)
        && Arrays.equals(targets, d.targets) && java.util.Objects.equals(classes, d.classes);
  }

  @Override
  public int hashCode() {
    return 31 * columns.hashCode() + Arrays.hashCode(targets);
  }

  @Override
  public String toString() {
    return "Dataset[" + rows() + " rows x " + width() + " features, target " + columns.target() + "]";
  }
}
