package com.batchtrain.invoke.search;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A density over one or more dimensions built from observed points, as TPE's l(x) and g(x): a
 * weighted mixture with one kernel per point plus one prior kernel, each kernel a product over the
 * dimensions. A numeric dimension's kernel is a normal truncated to its {@link Axis}; a categorical
 * one's a distribution over the choices peaked at the observed one. With one dimension this is
 * independent TPE's estimator, with several the multivariate one's (kernels keep the dimensions of a
 * point together, so the model sees interactions).
 *
 * <p>Bandwidths, weights and the prior follow Optuna's TPESampler (v4): a point's sigma is the
 * larger gap to its neighbours on the axis (the outermost points: the inner gap), clipped to
 * [width / min(100, kernels + 1), width]; the prior kernel is centred with sigma = width and weight
 * 1; older points weigh less once there are more than 25 ({@link #weights}).
 */
final class ParzenEstimator {
  /** One dimension: a numeric {@code axis}, or (axis null) a categorical with {@code choices} values. */
  record Dim(Axis axis, int choices) {
    static Dim numeric(Axis axis) {
      return new Dim(axis, 0);
    }

    static Dim categorical(int choices) {
      return new Dim(null, choices);
    }
  }

  private static final double PRIOR_WEIGHT = 1.0;
  /** Points beyond this many (newest) get linearly decreasing weights: the search moves on. */
  private static final int FLAT_WEIGHTS = 25;

  private final List<Dim> dims;
  private final int kernels;
  private final double[] logWeights;
  private final double[] cumulativeWeights;
  /** Per numeric dimension: kernel centres, sigmas and log normalisers; null for a categorical one. */
  private final double[][] mus;
  private final double[][] sigmas;
  private final double[][] logNorms;
  /** Per categorical dimension: [kernel][choice] probabilities and their logs; null for a numeric one. */
  private final double[][][] probs;
  private final double[][][] logProbs;

  /**
   * @param points one row per observation, in trial order (older first), one column per dimension:
   *               the axis point of a numeric one, the choice's index of a categorical one
   */
  ParzenEstimator(List<Dim> dims, List<double[]> points) {
    this.dims = List.copyOf(dims);
    int n = points.size();
    kernels = n + 1;
    double[] w = new double[kernels];
    double[] pointWeights = weights(n);
    System.arraycopy(pointWeights, 0, w, 0, n);
    w[n] = n == 0 ? 1.0 : PRIOR_WEIGHT;
    double sum = 0;
    for (double x : w) {
      sum += x;
    }
    logWeights = new double[kernels];
    cumulativeWeights = new double[kernels];
    double running = 0;
    for (int k = 0; k < kernels; k++) {
      logWeights[k] = Math.log(w[k] / sum);
      running += w[k] / sum;
      cumulativeWeights[k] = running;
    }
    int d = dims.size();
    mus = new double[d][];
    sigmas = new double[d][];
    logNorms = new double[d][];
    probs = new double[d][][];
    logProbs = new double[d][][];
    for (int j = 0; j < d; j++) {
      double[] column = new double[n];
      for (int i = 0; i < n; i++) {
        column[i] = points.get(i)[j];
      }
      if (dims.get(j).axis() != null) {
        numeric(j, dims.get(j).axis(), column);
      } else {
        categorical(j, dims.get(j).choices(), column);
      }
    }
  }

  /**
   * Optuna's default weights: 1 for each of the newest 25 points, a ramp from 1/n up to 1 for the
   * older ones, so a long search is not anchored by its first trials.
   */
  static double[] weights(int n) {
    double[] w = new double[n];
    if (n < FLAT_WEIGHTS) {
      java.util.Arrays.fill(w, 1.0);
      return w;
    }
    int ramp = n - FLAT_WEIGHTS;
    for (int i = 0; i < ramp; i++) {
      // numpy.linspace(1/n, 1, ramp)
      w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
    }
    java.util.Arrays.fill(w, ramp, n, 1.0);
    return w;
  }

  private void numeric(int j, Axis axis, double[] column) {
    int n = column.length;
    double width = axis.width();
    double[] mu = new double[kernels];
    double[] sigma = new double[kernels];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      mu[i] = column[i];
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(column[a], column[b]));
    for (int r = 0; r < n; r++) {
      double left = (r == 0 ? axis.low : column[order[r - 1]]);
      double right = (r == n - 1 ? axis.high : column[order[r + 1]]);
      double x = column[order[r]];
      double s = Math.max(x - left, right - x);
      if (n >= 2 && r == 0) {
        // The edge of the axis is no neighbour: a point near it would otherwise get a tiny sigma.
        s = column[order[1]] - x;
      } else if (n >= 2 && r == n - 1) {
        s = x - column[order[n - 2]];
      }
      sigma[order[r]] = s;
    }
    double minSigma = width / Math.min(100.0, kernels + 1.0);
    for (int i = 0; i < n; i++) {
      sigma[i] = Math.max(minSigma, Math.min(width, sigma[i]));
    }
    mu[n] = 0.5 * (axis.low + axis.high);
    sigma[n] = width;
    double[] logNorm = new double[kernels];
    for (int k = 0; k < kernels; k++) {
      logNorm[k] = TruncatedNormal.logNormalizer(mu[k], sigma[k], axis.low, axis.high);
    }
    mus[j] = mu;
    sigmas[j] = sigma;
    logNorms[j] = logNorm;
  }

  private void categorical(int j, int choices, double[] column) {
    int n = column.length;
    double[][] p = new double[kernels][choices];
    double[][] lp = new double[kernels][choices];
    for (int k = 0; k < kernels; k++) {
      // Every kernel keeps some mass on every choice (prior_weight / kernels), the observed one gets +1.
      double base = n == 0 ? 1.0 : PRIOR_WEIGHT / kernels;
      double rowSum = base * choices + (k < n ? 1.0 : 0.0);
      for (int c = 0; c < choices; c++) {
        double v = base + (k < n && c == (int) column[k] ? 1.0 : 0.0);
        p[k][c] = v / rowSum;
        lp[k][c] = Math.log(p[k][c]);
      }
    }
    probs[j] = p;
    logProbs[j] = lp;
  }

  /** One point drawn from the mixture: a kernel by weight, then each dimension from that kernel. */
  double[] sample(SplittableRandom rng) {
    int k = pick(cumulativeWeights, rng.nextDouble());
    double[] x = new double[dims.size()];
    for (int j = 0; j < x.length; j++) {
      Axis axis = dims.get(j).axis();
      if (axis != null) {
        x[j] = TruncatedNormal.sample(mus[j][k], sigmas[j][k], axis.low, axis.high, rng);
      } else {
        double[] p = probs[j][k];
        double u = rng.nextDouble();
        double c = 0;
        int choice = p.length - 1;
        for (int i = 0; i < p.length; i++) {
          c += p[i];
          if (u < c) {
            choice = i;
            break;
          }
        }
        x[j] = choice;
      }
    }
    return x;
  }

  /** log density of the mixture at {@code x} (log-sum-exp over kernels, each a product over dimensions). */
  double logPdf(double[] x) {
    double[] terms = new double[kernels];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < kernels; k++) {
      double t = logWeights[k];
      for (int j = 0; j < x.length; j++) {
        if (mus[j] != null) {
          double z = (x[j] - mus[j][k]) / sigmas[j][k];
          t += -0.5 * z * z - logNorms[j][k];
        } else {
          t += logProbs[j][k][(int) x[j]];
        }
      }
      terms[k] = t;
      max = Math.max(max, t);
    }
    double s = 0;
    for (double t : terms) {
      s += Math.exp(t - max);
    }
    return max + Math.log(s);
  }

  private static int pick(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (u < cumulative[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
