package com.batchtrain.invoke.spec;

/** How trials are drawn from the search space. */
public enum SearchMethod {
  /** Every combination of the listed values. */
  GRID,
  /** {@code max_trials} independent draws, reproducible from {@code seed}. */
  RANDOM;

  public String id() {
    return name().toLowerCase();
  }
}
