package com.batchtrain.runtime.data;

/** What a model predicts: one of {@code classes} labels, or a real number. */
public enum Task {
  CLASSIFICATION,
  REGRESSION
}
