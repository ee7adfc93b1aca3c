package com.batchtrain.invoke.search;

import com.batchtrain.invoke.spec.Condition;
import com.batchtrain.invoke.spec.Distribution;
import com.batchtrain.invoke.spec.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Spaces, objectives and recorded histories shared by the sampler tests. */
final class SearchFixtures {
  private SearchFixtures() {}

  /** The samplers under test, by name: every one must keep the {@link Sampler} contract. */
  static Map<String, Sampler> samplers() {
    Map<String, Sampler> out = new LinkedHashMap<>();
    out.put("random", new RandomSampler());
    out.put("tpe independent", new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, false));
    out.put("tpe multivariate", new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, true));
    out.put("gp", new GpSampler(GpSampler.DEFAULT_STARTUP_TRIALS));
    out.put("forBayes", Samplers.forBayes());
    return out;
  }

  /** x in [0, 10], minimum of (x - 7.3)² at 7.3. */
  static final double OPTIMUM = 7.3;

  static SearchSpace oneDimension() {
    return new SearchSpace(Map.of("x", new Parameter.FloatRange(0, 10, Distribution.UNIFORM)), Map.of());
  }

  static double quadratic(Map<String, Object> p) {
    double x = ((Number) p.get("x")).doubleValue();
    return (x - OPTIMUM) * (x - OPTIMUM);
  }

  /** optimizer in {adam, sgd}; momentum in [0.5, 0.99] only when optimizer is sgd; lr log-uniform. */
  static SearchSpace optimizerSpace() {
    Map<String, Parameter> p = new LinkedHashMap<>();
    p.put("optimizer", new Parameter.Categorical(List.of("adam", "sgd")));
    p.put("momentum", new Parameter.FloatRange(0.5, 0.99, Distribution.UNIFORM));
    p.put("lr", new Parameter.FloatRange(1e-4, 1e-1, Distribution.LOG_UNIFORM));
    return new SearchSpace(p, Map.of("momentum", new Condition("optimizer", List.of("sgd"))));
  }

  /** Every kind of parameter, narrow and log ranges included, and a condition on a categorical. */
  static SearchSpace everyKind() {
    Map<String, Parameter> p = new LinkedHashMap<>();
    p.put("fixed", new Parameter.Fixed("constant"));
    p.put("layers", new Parameter.Categorical(List.of(List.of(8L), List.of(16L, 16L), List.of(32L, 32L, 32L))));
    p.put("activation", new Parameter.Categorical(List.of("relu", "tanh", 1L)));
    p.put("narrow", new Parameter.IntRange(1, 3, Distribution.UNIFORM));
    p.put("width", new Parameter.IntRange(1, 1000, Distribution.LOG_UNIFORM));
    p.put("shift", new Parameter.FloatRange(-2, 3, Distribution.UNIFORM));
    p.put("lr", new Parameter.FloatRange(1e-5, 1e-1, Distribution.LOG_UNIFORM));
    p.put("batch", new Parameter.IntRange(16, 16, Distribution.UNIFORM));
    p.put("pinned", new Parameter.FloatRange(0.25, 0.25, Distribution.LOG_UNIFORM));
    p.put("beta", new Parameter.FloatRange(0.8, 0.999, Distribution.LOG_UNIFORM));
    return new SearchSpace(p, Map.of("beta", new Condition("activation", List.of("tanh", 1L))));
  }

  /**
   * Pushes every numeric parameter of {@link #everyKind} to an end of its range (low lr and width,
   * high shift and beta), so models put their mass at the edges: proposals must still stay inside.
   */
  static double edgeSeeking(Map<String, Object> p) {
    double v = Math.log(((Number) p.get("lr")).doubleValue()) + Math.log(((Number) p.get("width")).doubleValue())
        - ((Number) p.get("shift")).doubleValue() - ((Number) p.get("narrow")).doubleValue();
    if (p.containsKey("beta")) {
      v -= 10 * ((Number) p.get("beta")).doubleValue();
    }
    return v;
  }

  /** {@code n} random points of {@code space} (seeded) with their values: a recorded history. */
  static List<Observation> history(SearchSpace space, ToDoubleFunction<Map<String, Object>> f, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = RandomSampler.draw(space, rng);
      out.add(new Observation(p, f.applyAsDouble(p)));
    }
    return out;
  }

  /** A history grown by {@code sampler} itself, one trial at a time: what a sequential sweep records. */
  static List<Observation> searched(Sampler sampler, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, int n,
      long seed) {
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = sampler.propose(space, List.copyOf(out), List.of(), new SplittableRandom(seed * 1000 + i));
      out.add(new Observation(p, f.applyAsDouble(p)));
    }
    return out;
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
  }
}
