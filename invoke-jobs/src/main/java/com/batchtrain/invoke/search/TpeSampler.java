package com.batchtrain.invoke.search;

import com.batchtrain.invoke.spec.Condition;
import com.batchtrain.invoke.spec.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), as Optuna's {@code TPESampler}: after
 * {@code startupTrials} random trials, split the finished trials into the best {@link #gamma} ("below")
 * and the rest ("above"), fit a Parzen estimator l(x) to the first and g(x) to the second, draw
 * {@value #CANDIDATES} candidates from l and propose the one with the largest l(x)/g(x).
 *
 * <p>Parameters are modelled in groups that share a condition: one group per distinct {@code when}
 * (and one for the unconditional parameters), chosen in spec order so a condition's parent is chosen
 * before the group it switches on. {@code multivariate} puts a group's parameters into one joint
 * estimator (Optuna's {@code multivariate=True, group=True}); otherwise each parameter is its own
 * group (independent TPE). A group learns only from the trials where it was active.
 *
 * <p>Trials in flight: the constant liar. Each {@code running} point counts as an observation with
 * the worst value (it joins "above"), so g(x) rises where a trial already runs and the next proposal
 * goes elsewhere; the split size still counts only finished trials, so l(x) is what was really learnt.
 */
public final class TpeSampler implements Sampler {
  /** Optuna's default: enough random points that l(x) and g(x) describe something. */
  public static final int DEFAULT_STARTUP_TRIALS = 10;
  /** Candidates drawn from l(x) per proposal (Optuna's {@code n_ei_candidates}). */
  static final int CANDIDATES = 24;
  /** The most trials in "below": past it l(x) stops sharpening and only blurs over more history. */
  private static final int MAX_BELOW = 25;

  private final int startupTrials;
  private final boolean multivariate;

  public TpeSampler(int startupTrials, boolean multivariate) {
    if (startupTrials < 1) {
      throw new IllegalArgumentException("startupTrials must be at least 1, got " + startupTrials);
    }
    this.startupTrials = startupTrials;
    this.multivariate = multivariate;
  }

  /** Names the configuration, so logs and the benchmark say which TPE ran. */
  @Override
  public String toString() {
    return "tpe(startup=" + startupTrials + (multivariate ? ", multivariate)" : ", independent)");
  }

  /** How many finished trials go into "below" out of {@code n}: the best 10%, at most 25 (Optuna's default gamma). */
  static int gamma(int n) {
    return Math.min((int) Math.ceil(0.1 * n), MAX_BELOW);
  }

  @Override
  public Map<String, Object> propose(SearchSpace space, List<Observation> finished, List<Map<String, Object>> running,
      SplittableRandom rng) {
    if (finished.size() < startupTrials) {
      return RandomSampler.draw(space, rng);
    }
    List<Map<String, Object>> below = new ArrayList<>();
    List<Map<String, Object>> above = new ArrayList<>();
    split(space, finished, running, below, above);
    Map<String, Object> chosen = new LinkedHashMap<>();
    for (List<String> group : groups(space)) {
      if (!space.active(group.get(0), chosen)) {
        continue;
      }
      List<String> modelled = new ArrayList<>();
      for (String name : group) {
        Parameter p = space.parameters().get(name);
        if (SearchSpace.varies(p)) {
          modelled.add(name);
        } else {
          // A fixed value, one choice, or a range with min = max: nothing to model.
          chosen.put(name, RandomSampler.draw(p, rng));
        }
      }
      if (!modelled.isEmpty()) {
        chosen.putAll(sampleGroup(space, modelled, below, above, rng));
      }
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String name : space.parameters().keySet()) {
      if (chosen.containsKey(name)) {
        ordered.put(name, chosen.get(name));
      }
    }
    return ordered;
  }

  /**
   * Ranks the finished trials (stable: equal values keep trial order) and fills {@code below} with
   * the best {@link #gamma} and {@code above} with the rest followed by the running points (the
   * liars), each in trial order, each point cut to its active parameters.
   */
  private static void split(SearchSpace space, List<Observation> finished, List<Map<String, Object>> running,
      List<Map<String, Object>> below, List<Map<String, Object>> above) {
    List<Integer> ranked = new ArrayList<>();
    for (int i = 0; i < finished.size(); i++) {
      ranked.add(i);
    }
    // Double.compare puts NaN after +infinity: a trial without a usable value ranks worst.
    ranked.sort(Comparator.comparingDouble(i -> finished.get(i).value()));
    int nBelow = Math.min(gamma(finished.size()), finished.size());
    boolean[] isBelow = new boolean[finished.size()];
    for (int r = 0; r < nBelow; r++) {
      isBelow[ranked.get(r)] = true;
    }
    for (int i = 0; i < finished.size(); i++) {
      (isBelow[i] ? below : above).add(space.activePart(finished.get(i).parameters()));
    }
    for (Map<String, Object> point : running) {
      above.add(space.activePart(point));
    }
  }

  /** The parameters in groups modelled together, in the order they are chosen (by their first member). */
  private List<List<String>> groups(SearchSpace space) {
    Map<Optional<Condition>, List<String>> byCondition = new LinkedHashMap<>();
    List<List<String>> out = new ArrayList<>();
    for (String name : space.parameters().keySet()) {
      if (multivariate) {
        byCondition.computeIfAbsent(space.condition(name), c -> {
          List<String> g = new ArrayList<>();
          out.add(g);
          return g;
        }).add(name);
      } else {
        out.add(List.of(name));
      }
    }
    return out;
  }

  /** The best of {@value #CANDIDATES} draws from l(x) for the parameters {@code names}, by l(x) / g(x). */
  private static Map<String, Object> sampleGroup(SearchSpace space, List<String> names, List<Map<String, Object>> below,
      List<Map<String, Object>> above, SplittableRandom rng) {
    List<ParzenEstimator.Dim> dims = new ArrayList<>();
    for (String name : names) {
      Parameter p = space.parameters().get(name);
      List<Object> choices = SearchSpace.choices(p);
      dims.add(choices != null ? ParzenEstimator.Dim.categorical(choices.size()) : ParzenEstimator.Dim.numeric(Axis.of(p)));
    }
    ParzenEstimator l = new ParzenEstimator(dims, points(space, names, dims, below));
    ParzenEstimator g = new ParzenEstimator(dims, points(space, names, dims, above));
    double[] best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      double[] x = l.sample(rng);
      double score = l.logPdf(x) - g.logPdf(x);
      if (best == null || score > bestScore) {
        best = x;
        bestScore = score;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      Parameter p = space.parameters().get(names.get(j));
      List<Object> choices = SearchSpace.choices(p);
      out.put(names.get(j), choices != null ? choices.get((int) best[j]) : dims.get(j).axis().value(best[j]));
    }
    return out;
  }

  /**
   * The model coordinates of each point that has all of {@code names} (active, known values): a
   * group learns only from the trials it was part of.
   */
  private static List<double[]> points(SearchSpace space, List<String> names, List<ParzenEstimator.Dim> dims,
      List<Map<String, Object>> trials) {
    List<double[]> out = new ArrayList<>();
    for (Map<String, Object> t : trials) {
      double[] x = new double[names.size()];
      boolean usable = true;
      for (int j = 0; j < names.size() && usable; j++) {
        Object v = t.get(names.get(j));
        if (v == null) {
          usable = false;
        } else if (dims.get(j).axis() != null) {
          x[j] = dims.get(j).axis().point(v);
          usable = !Double.isNaN(x[j]);
        } else {
          x[j] = SearchSpace.indexOf(SearchSpace.choices(space.parameters().get(names.get(j))), v);
          usable = x[j] >= 0;
        }
      }
      if (usable) {
        out.add(x);
      }
    }
    return out;
  }
}
