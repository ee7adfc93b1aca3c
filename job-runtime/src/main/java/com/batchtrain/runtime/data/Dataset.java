package com.batchtrain.runtime.data;

import java.util.Arrays;

/**
 * Rows of float features (row-major, {@code rows x columns.width()}) with one target per row, in the
 * order the source files were read.
 */
public record Dataset(ColumnSpec columns, float[] features, float[] targets) {
  public Dataset {
    if (features.length != (long) targets.length * columns.width()) {
      throw new IllegalArgumentException("features length " + features.length + " != rows " + targets.length
          + " x width " + columns.width());
    }
  }

  public int rows() {
    return targets.length;
  }

  public int width() {
    return columns.width();
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
    return new Dataset(columns, f, t);
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
        && Arrays.equals(targets, d.targets);
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
