package com.batchtrain.datasets;

/** The classes of a dataset and, for each provisional label id its rows carry, the class index. */
public record LabelMapping(ClassLabels classes, int[] indexOfId) {
  public int index(int id) {
    return indexOfId[id];
  }
}
