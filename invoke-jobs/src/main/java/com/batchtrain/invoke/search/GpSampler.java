package com.batchtrain.invoke.search;

import com.batchtrain.invoke.spec.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gaussian-process Bayesian optimisation: after {@code startupTrials} random trials, fit a
 * {@link GaussianProcess} (Matérn-5/2 ARD, MAP kernel parameters) to the standardised results and
 * propose the point of largest expected improvement over the best finished trial.
 *
 * <p>Encoding: each parameter that varies is one dimension in [0,1]: a numeric one's position on its
 * {@link Axis} (log space for log ranges), a categorical one's choice index (Hamming distance in the
 * kernel). A parameter a trial does not have (its condition fails) sits at the middle of its axis,
 * or at index -1 for a categorical; the parent's own dimension already tells those trials apart.
 *
 * <p>Trials in flight: "kriging believer" fantasies. The running points join the process with its
 * own posterior mean as their result: the mean is unchanged, the variance there collapses, so the
 * expected improvement at and near a running point drops and concurrent proposals spread out.
 *
 * <p>The acquisition is maximised over {@value #RANDOM_CANDIDATES} random points of the space (drawn
 * as the random method draws, so conditions hold) and then refined by a local search on the numeric
 * dimensions of the best {@value #LOCAL_STARTS}.
 */
public final class GpSampler implements Sampler {
  /**
   * Random trials before the first model: 5, not Optuna's 10. A GP with its priors is already useful
   * on 5 points, and with a budget of a few dozen trials 10 random ones are a third of it; measured
   * in Samplers' comment.
   */
  public static final int DEFAULT_STARTUP_TRIALS = 5;
  static final int RANDOM_CANDIDATES = 1000;
  static final int LOCAL_STARTS = 5;
  private static final int LOCAL_STEPS = 40;
  private static final double ABSENT = 0.5;

  private final int startupTrials;

  public GpSampler(int startupTrials) {
    if (startupTrials < 1) {
      throw new IllegalArgumentException("startupTrials must be at least 1, got " + startupTrials);
    }
    this.startupTrials = startupTrials;
  }

  @Override
  public String toString() {
    return "gp(startup=" + startupTrials + ")";
  }

  @Override
  public Map<String, Object> propose(SearchSpace space, List<Observation> finished, List<Map<String, Object>> running,
      SplittableRandom rng) {
    if (finished.size() < startupTrials) {
      return RandomSampler.draw(space, rng);
    }
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : space.parameters().entrySet()) {
      if (SearchSpace.varies(e.getValue())) {
        names.add(e.getKey());
      }
    }
    if (names.isEmpty()) {
      // Nothing varies: the one point there is.
      return RandomSampler.draw(space, rng);
    }
    boolean[] categorical = new boolean[names.size()];
    for (int j = 0; j < names.size(); j++) {
      categorical[j] = SearchSpace.isChoice(space.parameters().get(names.get(j)));
    }
    double[][] x = new double[finished.size()][];
    double[] y = standardised(finished);
    for (int i = 0; i < finished.size(); i++) {
      x[i] = encode(space, names, finished.get(i).parameters());
    }
    GaussianProcess gp = GaussianProcess.fit(x, y, categorical);
    double best = Double.POSITIVE_INFINITY;
    for (double v : y) {
      best = Math.min(best, v);
    }
    if (!running.isEmpty()) {
      double[][] xr = new double[running.size()][];
      double[] yr = new double[running.size()];
      for (int i = 0; i < xr.length; i++) {
        xr[i] = encode(space, names, running.get(i));
        yr[i] = gp.posterior(xr[i])[0];
      }
      gp = gp.with(xr, yr);
    }
    return maximise(space, names, gp, best, rng);
  }

  /** A point of the space, its model coordinates and its log expected improvement. */
  private record Candidate(Map<String, Object> point, double[] x, double score) {}

  /** The random candidates, then a local search from the best few; the winner as a point of the space. */
  private static Map<String, Object> maximise(SearchSpace space, List<String> names, GaussianProcess gp, double best,
      SplittableRandom rng) {
    List<Candidate> top = new ArrayList<>();
    for (int c = 0; c < RANDOM_CANDIDATES; c++) {
      Map<String, Object> point = RandomSampler.draw(space, rng);
      double[] x = encode(space, names, point);
      Candidate candidate = new Candidate(point, x, logExpectedImprovement(gp.posterior(x), best));
      int at = 0;
      while (at < top.size() && top.get(at).score() >= candidate.score()) {
        at++;
      }
      if (at < LOCAL_STARTS) {
        top.add(at, candidate);
        if (top.size() > LOCAL_STARTS) {
          top.remove(LOCAL_STARTS);
        }
      }
    }
    Candidate winner = top.get(0);
    for (Candidate start : top) {
      Candidate refined = localSearch(space, names, gp, best, start, rng);
      if (refined.score() > winner.score()) {
        winner = refined;
      }
    }
    return decode(space, names, winner.point(), winner.x());
  }

  /**
   * Random steps on the candidate's numeric dimensions (those it has: moving an absent one changes
   * nothing real), kept when they raise the acquisition; the step shrinks after each miss.
   */
  private static Candidate localSearch(SearchSpace space, List<String> names, GaussianProcess gp, double best,
      Candidate start, SplittableRandom rng) {
    List<Integer> numeric = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      if (!SearchSpace.isChoice(space.parameters().get(names.get(j))) && start.point().containsKey(names.get(j))) {
        numeric.add(j);
      }
    }
    double[] x = start.x();
    double score = start.score();
    double step = 0.1;
    for (int t = 0; t < LOCAL_STEPS && !numeric.isEmpty(); t++) {
      double[] trial = x.clone();
      for (int j : numeric) {
        trial[j] = Math.max(0, Math.min(1, trial[j] + step * TruncatedNormal.gaussian(rng)));
      }
      double ts = logExpectedImprovement(gp.posterior(trial), best);
      if (ts > score) {
        x = trial;
        score = ts;
      } else {
        step = Math.max(1e-4, step * 0.8);
      }
    }
    return new Candidate(start.point(), x, score);
  }

  /** {@code point} (its categorical choices and active set) with its numeric values taken from {@code x}. */
  private static Map<String, Object> decode(SearchSpace space, List<String> names, Map<String, Object> point, double[] x) {
    Map<String, Object> out = new LinkedHashMap<>(point);
    for (int j = 0; j < names.size(); j++) {
      Parameter p = space.parameters().get(names.get(j));
      if (!SearchSpace.isChoice(p) && out.containsKey(names.get(j))) {
        Axis axis = Axis.of(p);
        out.put(names.get(j), axis.value(axis.low + x[j] * axis.width()));
      }
    }
    return out;
  }

  /** The model coordinates of a point (see the class comment for absent parameters). */
  private static double[] encode(SearchSpace space, List<String> names, Map<String, Object> point) {
    Map<String, Object> active = space.activePart(point);
    double[] x = new double[names.size()];
    for (int j = 0; j < names.size(); j++) {
      Parameter p = space.parameters().get(names.get(j));
      Object v = active.get(names.get(j));
      if (SearchSpace.isChoice(p)) {
        x[j] = v == null ? -1 : SearchSpace.indexOf(SearchSpace.choices(p), v);
      } else {
        Axis axis = Axis.of(p);
        double u = v == null ? Double.NaN : axis.point(v);
        x[j] = Double.isNaN(u) ? ABSENT : (u - axis.low) / axis.width();
      }
    }
    return x;
  }

  /**
   * The values standardised to mean 0, variance 1 (the scale the kernel priors assume). A value that
   * is not finite is clipped to the finite range (NaN and +infinity to the worst, -infinity to the
   * best), so a failed trial reads as bad rather than breaking the fit.
   */
  private static double[] standardised(List<Observation> finished) {
    double worst = Double.NEGATIVE_INFINITY;
    double best = Double.POSITIVE_INFINITY;
    for (Observation o : finished) {
      if (Double.isFinite(o.value())) {
        worst = Math.max(worst, o.value());
        best = Math.min(best, o.value());
      }
    }
    if (worst == Double.NEGATIVE_INFINITY) {
      // No finite value at all: nothing to learn, every point alike.
      return new double[finished.size()];
    }
    double[] y = new double[finished.size()];
    for (int i = 0; i < y.length; i++) {
      double v = finished.get(i).value();
      y[i] = Double.isFinite(v) ? v : v == Double.NEGATIVE_INFINITY ? best : worst;
    }
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double var = 0;
    for (double v : y) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / y.length);
    for (int i = 0; i < y.length; i++) {
      y[i] = sd > 1e-12 ? (y[i] - mean) / sd : 0;
    }
    return y;
  }

  /**
   * log EI for minimisation, {mean, variance} against {@code best}: log(sigma h(z)), h(z) = z Phi(z) +
   * phi(z), z = (best - mean) / sigma. In logs, and with h's asymptotic series past z = -10 (where the
   * direct form starts to cancel away; the series is within 1e-4 there), so candidates whose EI
   * underflows still rank.
   */
  static double logExpectedImprovement(double[] posterior, double best) {
    double sigma = Math.sqrt(posterior[1]);
    double z = (best - posterior[0]) / sigma;
    double logH;
    if (z > -10) {
      double h = z * TruncatedNormal.cdf(z) + Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      logH = Math.log(Math.max(h, Double.MIN_NORMAL));
    } else {
      // h(z) = phi(z) / z² (1 - 3/z² + 15/z⁴ - ...) for z -> -infinity.
      double z2 = z * z;
      logH = -0.5 * z2 - 0.5 * Math.log(2 * Math.PI) - Math.log(z2) + Math.log(1 - 3 / z2 + 15 / (z2 * z2));
    }
    return Math.log(sigma) + logH;
  }
}
