package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.invoke.spec.Distribution;
import com.batchtrain.invoke.spec.Parameter;
import com.batchtrain.invoke.spec.SearchMethod;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import java.math.BigDecimal;
import java.math.MathContext;
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
  /** Random draws are rounded to this many significant digits: readable tables, no loss that matters. */
  private static final MathContext DRAW_PRECISION = new MathContext(6);
  private static final long MAX_GRID_RANGE = 1_000;

  public List<Map<String, Object>> expand(SweepSpec spec) {
    List<Map<String, Object>> raw = spec.method() == SearchMethod.GRID ? grid(spec) : random(spec);
    List<Map<String, Object>> out = new ArrayList<>(raw.size());
    if (spec.commandTrainer()) {
      for (Map<String, Object> trial : raw) {
        Map<String, Object> typed = new LinkedHashMap<>();
        trial.forEach((name, value) -> typed.put(name, json(value)));
        out.add(typed);
      }
      return out;
    }
    for (int i = 0; i < raw.size(); i++) {
      try {
        out.add(Hyperparameters.parse(raw.get(i)).toMap());
      } catch (InvalidValueException e) {
        throw new InvalidValueException("parameters." + e.field() + " (trial " + i + ")", e.expected(), raw.get(i));
      }
    }
    return out;
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

  private static List<Map<String, Object>> random(SweepSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.seed());
    int n = spec.maxTrials().orElseThrow();
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, Parameter> e : spec.parameters().entrySet()) {
        m.put(e.getKey(), draw(e.getValue(), rng));
      }
      out.add(m);
    }
    return out;
  }

  private static Object draw(Parameter p, SplittableRandom rng) {
    if (p instanceof Parameter.Fixed f) {
      return f.value();
    }
    if (p instanceof Parameter.Categorical c) {
      return c.values().get(rng.nextInt(c.values().size()));
    }
    if (p instanceof Parameter.IntRange r) {
      if (r.distribution() == Distribution.LOG_UNIFORM) {
        double lo = Math.log(r.min());
        double hi = Math.log(r.max() + 1.0);
        return Math.min(r.max(), (long) Math.floor(Math.exp(lo + rng.nextDouble() * (hi - lo))));
      }
      return r.min() + rng.nextLong(r.max() - r.min() + 1);
    }
    Parameter.FloatRange r = (Parameter.FloatRange) p;
    double v = r.distribution() == Distribution.LOG_UNIFORM
        ? Math.exp(Math.log(r.min()) + rng.nextDouble() * (Math.log(r.max()) - Math.log(r.min())))
        : r.min() + rng.nextDouble() * (r.max() - r.min());
    double rounded = new BigDecimal(v).round(DRAW_PRECISION).doubleValue();
    return Math.max(r.min(), Math.min(r.max(), rounded));
  }
}
