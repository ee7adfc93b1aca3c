package com.batchtrain.invoke.search;

import java.util.Arrays;

/**
 * A Gaussian process regressor with a Matérn-5/2 ARD kernel over points in [0,1]^d, where a
 * categorical dimension holds a choice's index and contributes its Hamming distance (0 if equal, 1
 * if not), as in Optuna's GPSampler. Kernel parameters (one inverse squared lengthscale per
 * dimension, the kernel scale, the noise variance) are the MAP estimate under Optuna's weak priors,
 * found by {@link Lbfgs}: with a dozen points the priors keep lengthscales sane, with hundreds the
 * likelihood decides.
 *
 * <p>Targets should be standardised (mean 0, variance 1): the priors are set for that scale.
 */
final class GaussianProcess {
  /** Noise variance never goes below this: keeps the kernel matrix invertible for deterministic objectives. */
  static final double MIN_NOISE = 1e-6;
  private static final double SQRT5 = Math.sqrt(5);
  private static final int FIT_ITERATIONS = 100;
  /** The most points the kernel parameters are fitted on (the posterior uses every point). */
  static final int FIT_POINTS = 200;
  /** Gradient tolerance of the fit; finer buys nothing the acquisition can see (Optuna uses 1e-2 too). */
  private static final double FIT_GTOL = 1e-2;

  private final double[][] x;
  private final double[] y;
  private final boolean[] categorical;
  private final double[] inverseSquaredLengthscales;
  private final double scale;
  private final double noise;
  private final Cholesky chol;
  private final double[] alpha;

  private GaussianProcess(double[][] x, double[] y, boolean[] categorical, double[] rho, double scale, double noise) {
    this.x = x;
    this.y = y;
    this.categorical = categorical;
    this.inverseSquaredLengthscales = rho;
    this.scale = scale;
    this.noise = noise;
    Cholesky c = Cholesky.of(covariance(x, categorical, rho, scale, noise));
    // Numerically singular (duplicate points, tiny noise): more noise makes it positive definite.
    for (double jitter = 1e-8; c == null && jitter < 1; jitter *= 100) {
      c = Cholesky.of(covariance(x, categorical, rho, scale, noise + jitter * scale));
    }
    if (c == null) {
      throw new IllegalStateException("kernel matrix not positive definite even with noise " + scale);
    }
    this.chol = c;
    this.alpha = c.solve(y);
  }

  /**
   * The process with MAP kernel parameters for points {@code x} (rows) and targets {@code y}. The
   * parameters are fitted on at most {@value #FIT_POINTS} of the points, evenly spread over the
   * history (each fit evaluation costs a Cholesky factorisation and an inverse, cubic in the points);
   * the process itself then conditions on all of them.
   */
  static GaussianProcess fit(double[][] x, double[] y, boolean[] categorical) {
    int d = categorical.length;
    double[][] fx = x;
    double[] fy = y;
    if (x.length > FIT_POINTS) {
      fx = new double[FIT_POINTS][];
      fy = new double[FIT_POINTS];
      for (int i = 0; i < FIT_POINTS; i++) {
        int at = (int) ((long) i * x.length / FIT_POINTS);
        fx[i] = x[at];
        fy[i] = y[at];
      }
    }
    double[] sqd = squaredDifferences(fx, categorical);
    double[] targets = fy;
    // Start where Optuna starts: unit lengthscales, scale and noise (a smooth, noisy guess).
    double[] start = new double[d + 2];
    start[d + 1] = Math.log(1.0 - 0.99 * MIN_NOISE);
    double[] theta = Lbfgs.minimize((t, g) -> negativeLogPosterior(t, g, sqd, d, targets), start, FIT_ITERATIONS, FIT_GTOL);
    double[] rho = new double[d];
    for (int j = 0; j < d; j++) {
      rho[j] = Math.exp(theta[j]);
    }
    return new GaussianProcess(x, y, categorical, rho, Math.exp(theta[d]), MIN_NOISE + Math.exp(theta[d + 1]));
  }

  /**
   * This process (same kernel parameters) also conditioned on {@code extra} points with targets
   * {@code extraY}: the fantasies of trials still running.
   */
  GaussianProcess with(double[][] extra, double[] extraY) {
    double[][] xs = Arrays.copyOf(x, x.length + extra.length);
    System.arraycopy(extra, 0, xs, x.length, extra.length);
    double[] ys = Arrays.copyOf(y, y.length + extraY.length);
    System.arraycopy(extraY, 0, ys, y.length, extraY.length);
    return new GaussianProcess(xs, ys, categorical, inverseSquaredLengthscales, scale, noise);
  }

  /** Posterior mean and variance of f (without noise) at {@code point}: {mean, variance}. */
  double[] posterior(double[] point) {
    int n = x.length;
    double[] k = new double[n];
    for (int i = 0; i < n; i++) {
      k[i] = kernel(point, x[i]);
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += k[i] * alpha[i];
    }
    double[] v = chol.forward(k);
    double var = scale;
    for (double vi : v) {
      var -= vi * vi;
    }
    return new double[] {mean, Math.max(var, 1e-12)};
  }

  private double kernel(double[] a, double[] b) {
    double r2 = 0;
    for (int j = 0; j < a.length; j++) {
      double dj = categorical[j] ? (a[j] == b[j] ? 0 : 1) : (a[j] - b[j]) * (a[j] - b[j]);
      r2 += inverseSquaredLengthscales[j] * dj;
    }
    return scale * matern(r2);
  }

  /** Matérn-5/2 as a function of the squared scaled distance: (1 + √5 r + 5/3 r²) exp(-√5 r). */
  private static double matern(double r2) {
    double s5r = SQRT5 * Math.sqrt(r2);
    return (1 + s5r + 5.0 / 3.0 * r2) * Math.exp(-s5r);
  }

  /** d matern / d r². */
  private static double maternSlope(double r2) {
    double s5r = SQRT5 * Math.sqrt(r2);
    return -5.0 / 6.0 * (1 + s5r) * Math.exp(-s5r);
  }

  /**
   * Per pair of points (a, b), b < a, at {@code (a(a-1)/2 + b) * d}: the d per-dimension squared
   * differences (Hamming for a categorical one). Flat: the fit reads them a few dozen times.
   */
  static double[] squaredDifferences(double[][] x, boolean[] categorical) {
    int n = x.length;
    int d = categorical.length;
    double[] sqd = new double[n * (n - 1) / 2 * d];
    int p = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < a; b++) {
        for (int j = 0; j < d; j++) {
          double diff = x[a][j] - x[b][j];
          sqd[p++] = categorical[j] ? (diff == 0 ? 0 : 1) : diff * diff;
        }
      }
    }
    return sqd;
  }

  private static double[][] covariance(double[][] x, boolean[] categorical, double[] rho, double scale, double noise) {
    int n = x.length;
    double[][] c = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < a; b++) {
        double r2 = 0;
        for (int j = 0; j < rho.length; j++) {
          double diff = x[a][j] - x[b][j];
          r2 += rho[j] * (categorical[j] ? (diff == 0 ? 0 : 1) : diff * diff);
        }
        c[a][b] = scale * matern(r2);
        c[b][a] = c[a][b];
      }
      c[a][a] = scale + noise;
    }
    return c;
  }

  /**
   * -(log marginal likelihood + log prior) at theta = (log rho_1..d, log scale, log(noise - MIN_NOISE))
   * and its gradient. The priors (Optuna's): -(0.1/rho + 0.1 rho) per lengthscale, Gamma(2, 1) on the
   * scale, Gamma(1.1, 30) on the noise (favouring small noise).
   */
  static double negativeLogPosterior(double[] theta, double[] gradient, double[] sqd, int d, double[] y) {
    int n = y.length;
    double[] rho = new double[d];
    for (int j = 0; j < d; j++) {
      rho[j] = Math.exp(theta[j]);
    }
    double scale = Math.exp(theta[d]);
    double extraNoise = Math.exp(theta[d + 1]);
    double noise = MIN_NOISE + extraNoise;
    double[][] k = new double[n][n];
    double[][] slope = new double[n][n];
    for (int a = 0, p = 0; a < n; a++) {
      for (int b = 0; b < a; b++, p += d) {
        double r2 = 0;
        for (int j = 0; j < d; j++) {
          r2 += rho[j] * sqd[p + j];
        }
        k[a][b] = scale * matern(r2);
        k[b][a] = k[a][b];
        slope[a][b] = scale * maternSlope(r2);
        slope[b][a] = slope[a][b];
      }
      k[a][a] = scale;
    }
    double[][] c = new double[n][];
    for (int a = 0; a < n; a++) {
      c[a] = k[a].clone();
      c[a][a] += noise;
    }
    Cholesky chol = Cholesky.of(c);
    if (chol == null) {
      return Double.POSITIVE_INFINITY;
    }
    double[] alpha = chol.solve(y);
    double quad = 0;
    for (int i = 0; i < n; i++) {
      quad += y[i] * alpha[i];
    }
    double logLikelihood = -0.5 * chol.logDet() - 0.5 * quad;
    double logPrior = 0;
    for (int j = 0; j < d; j++) {
      logPrior -= 0.1 / rho[j] + 0.1 * rho[j];
    }
    logPrior += Math.log(scale) - scale;
    logPrior += 0.1 * Math.log(noise) - 30 * noise;

    // d logL / d theta = 0.5 tr(W dC/dtheta), W = alpha alphaᵀ - C⁻¹.
    double[][] w = chol.inverse();
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        w[a][b] = alpha[a] * alpha[b] - w[a][b];
      }
    }
    Arrays.fill(gradient, 0);
    double traceWK = 0;
    double traceW = 0;
    for (int a = 0, p = 0; a < n; a++) {
      traceW += w[a][a];
      for (int b = 0; b < n; b++) {
        traceWK += w[a][b] * k[a][b];
      }
      for (int b = 0; b < a; b++, p += d) {
        // Symmetric: each off-diagonal pair counted twice.
        double ws = 2 * w[a][b] * slope[a][b];
        for (int j = 0; j < d; j++) {
          gradient[j] += ws * sqd[p + j];
        }
      }
    }
    for (int j = 0; j < d; j++) {
      gradient[j] = -(0.5 * gradient[j] * rho[j] + (0.1 / rho[j] - 0.1 * rho[j]));
    }
    gradient[d] = -(0.5 * traceWK + (1 - scale));
    gradient[d + 1] = -(0.5 * traceW * extraNoise + (0.1 / noise - 30) * extraNoise);
    return -(logLikelihood + logPrior);
  }
}
