package com.batchtrain.invoke.spec;

/** How trials are drawn from the search space. */
public enum SearchMethod {
  /** Every combination of the listed values. */
  GRID,
  /** {@code max_trials} independent draws, reproducible from {@code seed}. */
  RANDOM,
  /**
   * {@code max_trials} trials, each proposed from the results so far (and the trials still running)
   * by a driver that keeps {@code max_parallel} in flight.
   */
  BAYES;

  public String id() {
    return name().toLowerCase();
  }

  /** The methods as the spec writes them, for messages. */
  public static String choices() {
    return "grid, random or bayes";
  }
}
