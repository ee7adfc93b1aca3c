package com.batchtrain.invoke.search;

import com.batchtrain.invoke.spec.Condition;
import com.batchtrain.invoke.spec.Parameter;
import com.batchtrain.invoke.spec.SweepSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters a sampler chooses, in spec order, and the conditions ({@code when}) under which a
 * trial has each. Spec order matters: a condition's parent is declared before its child, so a trial
 * built front to back always knows whether the next parameter applies.
 */
public final class SearchSpace {
  private final Map<String, Parameter> parameters;
  private final Map<String, Condition> conditions;

  public SearchSpace(Map<String, Parameter> parameters, Map<String, Condition> conditions) {
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    List<String> order = List.copyOf(this.parameters.keySet());
    for (Map.Entry<String, Condition> e : this.conditions.entrySet()) {
      int child = order.indexOf(e.getKey());
      int parent = order.indexOf(e.getValue().parent());
      if (child < 0 || parent < 0 || parent >= child) {
        // SpecReader already checks this for specs; this guards spaces built by hand (tests, benchmarks).
        throw new IllegalArgumentException("condition of " + e.getKey() + " names " + e.getValue().parent()
            + ", which must be a parameter declared before it");
      }
    }
  }

  public static SearchSpace of(SweepSpec spec) {
    return new SearchSpace(spec.parameters(), spec.conditions());
  }

  /** The parameters in spec order. */
  public Map<String, Parameter> parameters() {
    return parameters;
  }

  public Optional<Condition> condition(String name) {
    return Optional.ofNullable(conditions.get(name));
  }

  /**
   * Whether parameter {@code name} belongs to a trial whose earlier parameters are {@code partial}
   * (raw values as a sampler returns them, or {@link #canonical} ones).
   */
  public boolean active(String name, Map<String, Object> partial) {
    Condition c = conditions.get(name);
    return c == null || c.holds(partial);
  }

  /**
   * {@code point}'s categorical and fixed values replaced by the space's own value objects, so that
   * conditions compare them as they compare a fresh draw. A recorded point may read back typed
   * ({@code Integer} for a spec's {@code Long}, a list of another class); values the space does not
   * know stay as they are.
   */
  public Map<String, Object> canonical(Map<String, Object> point) {
    Map<String, Object> out = new LinkedHashMap<>(point);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      if (!point.containsKey(e.getKey())) {
        continue;
      }
      List<Object> choices = choices(e.getValue());
      int i = choices == null ? -1 : indexOf(choices, point.get(e.getKey()));
      if (i >= 0) {
        out.put(e.getKey(), choices.get(i));
      }
    }
    return out;
  }

  /**
   * {@code point} restricted to the parameters it really has: those present whose conditions hold,
   * in spec order. A recorded trial may carry values for inactive parameters (a built-in trainer's
   * trials file fills in every default); a sampler must not learn from them.
   */
  public Map<String, Object> activePart(Map<String, Object> point) {
    Map<String, Object> canonical = canonical(point);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : parameters.keySet()) {
      if (canonical.containsKey(name) && active(name, out)) {
        out.put(name, canonical.get(name));
      }
    }
    return out;
  }

  /** The values of a categorical or fixed parameter, else null. */
  static List<Object> choices(Parameter p) {
    if (p instanceof Parameter.Categorical c) {
      return c.values();
    }
    if (p instanceof Parameter.Fixed f) {
      return Collections.singletonList(f.value());
    }
    return null;
  }

  /**
   * Whether {@code p} has more than one value to choose from: a sampler models only these (a fixed
   * value, a single choice or a range with min = max is what it is).
   */
  static boolean varies(Parameter p) {
    if (p instanceof Parameter.IntRange r) {
      return r.max() > r.min();
    }
    if (p instanceof Parameter.FloatRange r) {
      return r.max() > r.min();
    }
    return choices(p).size() > 1;
  }

  /** Whether {@code p} takes its values from a list (categorical or fixed) rather than a range. */
  static boolean isChoice(Parameter p) {
    return choices(p) != null;
  }

  /** Position of {@code value} among {@code choices} (numbers by value, lists element-wise), or -1. */
  static int indexOf(List<Object> choices, Object value) {
    for (int i = 0; i < choices.size(); i++) {
      if (same(choices.get(i), value)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }
}
