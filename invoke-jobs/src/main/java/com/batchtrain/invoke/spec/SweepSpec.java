package com.batchtrain.invoke.spec;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.QueueChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A parsed sweep spec (docs/invoke-jobs.md). Every field is already checked; build one with
 * {@link SpecReader}.
 */
public record SweepSpec(
    String name,
    String preset,
    DataSource data,
    Objective objective,
    Map<String, Parameter> parameters,
    SearchMethod method,
    OptionalInt maxTrials,
    long seed,
    int maxParallel,
    QueueChoice queue,
    Resources resources,
    int retries,
    TimeLimit timeout) {

  public SweepSpec {
    // Keeps the spec's order: it is the column order of tables and the grid's nesting order.
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** Attempts per trial: the first run plus {@link #retries} re-runs after a transient exit. */
  public int attempts() {
    return retries + 1;
  }
}
