package com.batchtrain.invoke.spec;

import java.util.List;

/** The search space of one hyperparameter. Values are JSON-shaped (numbers, strings, lists). */
public sealed interface Parameter {

  /** Always this value. */
  record Fixed(Object value) implements Parameter {}

  /** One of these values (grid: each of them). */
  record Categorical(List<Object> values) implements Parameter {
    public Categorical {
      values = List.copyOf(values);
    }
  }

  /** An integer in [min, max], both included. */
  record IntRange(long min, long max, Distribution distribution) implements Parameter {}

  /** A real number in [min, max]. */
  record FloatRange(double min, double max, Distribution distribution) implements Parameter {}
}
