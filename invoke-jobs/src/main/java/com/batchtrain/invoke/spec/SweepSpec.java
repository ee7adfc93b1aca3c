package com.batchtrain.invoke.spec;

import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.QueueChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A parsed sweep spec (docs/invoke-jobs.md). Every field is already checked; build one with
 * {@link SpecReader}. Exactly one of {@code preset} and {@code model} is set (the other is null).
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
    TimeLimit timeout,
    ModelSpec model) {

  public SweepSpec {
    // Keeps the spec's order: it is the column order of tables and the grid's nesting order.
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** The preset's name, or the runtime's name for the declared model (custom-classifier, custom-regressor). */
  public String modelName() {
    return preset != null ? preset : com.batchtrain.runtime.preset.Presets.declared(model).name();
  }

  /** This spec with {@code resolved} as its model (a declared model whose features were read from the data's header). */
  public SweepSpec withModel(ModelSpec resolved) {
    return new SweepSpec(name, preset, data, objective, parameters, method, maxTrials, seed, maxParallel, queue, resources, retries,
        timeout, resolved);
  }

  /** Attempts per trial: the first run plus {@link #retries} re-runs after a transient exit. */
  public int attempts() {
    return retries + 1;
  }
}
