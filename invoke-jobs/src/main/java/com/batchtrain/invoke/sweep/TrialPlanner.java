package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.invoke.search.RandomSampler;
import com.batchtrain.invoke.search.SearchSpace;
import com.batchtrain.invoke.spec.Parameter;
import com.batchtrain.invoke.spec.SearchMethod;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Expands a spec's search space into the hyperparameters of each trial, in trial-index order. A
 * built-in trainer's trial is parsed through {@link Hyperparameters#parse}, so what is written to the
 * trials file is exactly what the runtime will accept. A command trainer's trial holds just its
 * declared parameters, each a JSON-shaped value of its type ({@link #json}): integers as
 * {@code Integer} (or {@code Long} beyond it), floats as {@code Double}, strings, booleans and lists
 * as they are, so that the trials file reads back equal, typed, as the command will see it.
 */
public final class TrialPlanner {
  private static final long MAX_GRID_RANGE = 1_000;

  /** The trials of a grid or random sweep, as the trials file holds them ({@link #typed}). */
  public List<Map<String, Object>> expand(SweepSpec spec) {
    List<Map<String, Object>> raw = points(spec);
    List<Map<String, Object>> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      out.add(typed(spec, raw.get(i), i));
    }
    return out;
  }

  /** The points of a grid or random sweep's search space, in trial order, as drawn (not yet {@link #typed}). */
  public List<Map<String, Object>> points(SweepSpec spec) {
    return spec.method() == SearchMethod.GRID ? grid(spec) : random(spec);
  }

  /**
   * Trial {@code index}'s hyperparameters as the trials file holds them, from a point of the search
   * space as drawn or proposed ({@code raw}): a command trainer's values JSON-shaped ({@link #json}),
   * a built-in trainer's parsed through {@link Hyperparameters#parse} (its defaults filled in).
   */
  public static Map<String, Object> typed(SweepSpec spec, Map<String, Object> raw, int index) {
    if (spec.commandTrainer()) {
      Map<String, Object> typed = new LinkedHashMap<>();
      raw.forEach((name, value) -> typed.put(name, json(value)));
      return typed;
    }
    try {
      return Hyperparameters.parse(raw).toMap();
    } catch (InvalidValueException e) {
      throw new InvalidValueException("parameters." + e.field() + " (trial " + index + ")", e.expected(), raw);
    }
  }

  /**
   * A value as it reads back from JSON: a whole number as {@code Integer} when it fits (else
   * {@code Long}), lists element by element; doubles, strings and booleans unchanged.
   */
  static Object json(Object value) {
    if (value instanceof Long l) {
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : l;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(json(v)));
      return out;
    }
    return value;
  }

  private static List<Map<String, Object>> grid(SweepSpec spec) {
    List<Map<String, Object>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, Parameter> e : spec.parameters().entrySet()) {
      List<Object> choices = gridValues(e.getKey(), e.getValue());
      long size = (long) combos.size() * choices.size();
      if (size > SpecReader.MAX_TRIALS) {
        throw new InvalidValueException("parameters", "a grid of at most " + SpecReader.MAX_TRIALS
            + " combinations (Batch array jobs hold 10,000 children)", "at least " + size + " combinations");
      }
      List<Map<String, Object>> next = new ArrayList<>((int) size);
      for (Map<String, Object> combo : combos) {
        for (Object choice : choices) {
          Map<String, Object> m = new LinkedHashMap<>(combo);
          m.put(e.getKey(), choice);
          next.add(m);
        }
      }
      combos = next;
    }
    if (spec.maxTrials().isPresent() && combos.size() > spec.maxTrials().getAsInt()) {
      throw new InvalidValueException("max_trials", "at least the grid's " + combos.size()
          + " combinations (or remove max_trials, or use method random)", spec.maxTrials().getAsInt());
    }
    return combos;
  }

  private static List<Object> gridValues(String name, Parameter p) {
    if (p instanceof Parameter.Fixed f) {
      return List.of(f.value());
    }
    if (p instanceof Parameter.Categorical c) {
      return c.values();
    }
    if (p instanceof Parameter.IntRange r) {
      if (r.max() - r.min() + 1 > MAX_GRID_RANGE) {
        throw new InvalidValueException("parameters." + name, "values, or a range of at most " + MAX_GRID_RANGE
            + " integers, with method grid", r.min() + ".." + r.max());
      }
      List<Object> all = new ArrayList<>();
      for (long v = r.min(); v <= r.max(); v++) {
        all.add(v);
      }
      return all;
    }
    Parameter.FloatRange r = (Parameter.FloatRange) p;
    throw new InvalidValueException("parameters." + name,
        "value or values with method grid (a real range has no grid; use method random)", r.min() + ".." + r.max());
  }

  /**
   * {@code max_trials} independent draws from one generator seeded with the spec's seed, each by
   * {@link RandomSampler#draw(SearchSpace, SplittableRandom)}: conditions honoured (an inactive
   * parameter is absent and consumes no randomness, so a spec without conditions draws what it always did).
   */
  private static List<Map<String, Object>> random(SweepSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.seed());
    SearchSpace space = SearchSpace.of(spec);
    int n = spec.maxTrials().orElseThrow();
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(RandomSampler.draw(space, rng));
    }
    return out;
  }
}
