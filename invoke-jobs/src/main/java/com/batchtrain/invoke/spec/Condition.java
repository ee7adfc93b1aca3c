package com.batchtrain.invoke.spec;

import java.util.List;

/**
 * {@code when: {optimizer: sgd}} on a parameter: the parameter exists in a trial only when the
 * categorical (or fixed) parameter {@code parent}, declared before it, takes one of {@code values}
 * there (and is itself present). An absent parameter is absent from the trial's hyperparameters: the
 * trainer's default applies.
 */
public record Condition(String parent, List<Object> values) {
  public Condition {
    values = List.copyOf(values);
  }

  /** Whether a trial whose parameters so far are {@code trial} has this parameter. */
  public boolean holds(java.util.Map<String, Object> trial) {
    return trial.containsKey(parent) && values.contains(trial.get(parent));
  }
}
