package com.batchtrain.invoke.search;

import com.batchtrain.invoke.spec.Distribution;
import com.batchtrain.invoke.spec.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Independent draws, ignoring any history: {@code method: random}, and the first trials of an
 * adaptive search (before there is anything to learn from). The one definition of a random draw.
 */
public final class RandomSampler implements Sampler {

  @Override
  public String toString() {
    return "random";
  }

  @Override
  public Map<String, Object> propose(SearchSpace space, List<Observation> finished, List<Map<String, Object>> running,
      SplittableRandom rng) {
    return draw(space, rng);
  }

  /**
   * One point: each active parameter drawn in spec order; an inactive one is skipped without
   * touching {@code rng}, so a space without conditions draws exactly what it always drew.
   */
  public static Map<String, Object> draw(SearchSpace space, SplittableRandom rng) {
    Map<String, Object> point = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : space.parameters().entrySet()) {
      if (space.active(e.getKey(), point)) {
        point.put(e.getKey(), draw(e.getValue(), rng));
      }
    }
    return point;
  }

  /**
   * One value of {@code p}: uniform, or uniform in log space for {@code log_uniform}; an integer
   * range includes both ends; a real is rounded to 6 significant digits and kept inside its range.
   */
  public static Object draw(Parameter p, SplittableRandom rng) {
    if (p instanceof Parameter.Fixed f) {
      return f.value();
    }
    if (p instanceof Parameter.Categorical c) {
      return c.values().get(rng.nextInt(c.values().size()));
    }
    if (p instanceof Parameter.IntRange r && r.distribution() == Distribution.UNIFORM) {
      // An exact uniform integer (not a real rounded down): the draw sweeps have always made.
      return r.min() + rng.nextLong(r.max() - r.min() + 1);
    }
    Axis axis = Axis.of(p);
    return axis.value(axis.low + rng.nextDouble() * axis.width());
  }
}
