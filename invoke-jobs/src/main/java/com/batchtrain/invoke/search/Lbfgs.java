package com.batchtrain.invoke.search;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: minimises a smooth function of a few
 * variables given its gradient, here the negative log posterior of a GP's kernel parameters (as
 * Optuna's GPSampler does with scipy's L-BFGS-B). Each variable is kept in [-{@link #BOUND}, {@link
 * #BOUND}] by clipping the line search, enough for log-scale parameters. Deterministic.
 */
final class Lbfgs {
  /** f and its gradient at x; f may be +infinity where it is undefined (the line search backs off). */
  interface Objective {
    double value(double[] x, double[] gradient);
  }

  static final double BOUND = 20;
  private static final int MEMORY = 10;
  private static final double ARMIJO = 1e-4;

  private Lbfgs() {}

  /** The minimiser reached from {@code start} within {@code maxIterations}; stops once max |gradient| is below {@code gtol}. */
  static double[] minimize(Objective f, double[] start, int maxIterations, double gtol) {
    int d = start.length;
    double[] x = start.clone();
    double[] g = new double[d];
    double fx = f.value(x, g);
    if (!Double.isFinite(fx)) {
      return x;
    }
    Deque<double[][]> history = new ArrayDeque<>();
    for (int iter = 0; iter < maxIterations && maxAbs(g) > gtol; iter++) {
      double[] dir = direction(g, history);
      double slope = dot(dir, g);
      if (!(slope < 0)) {
        // Not a descent direction (curvature information went stale): restart from steepest descent.
        history.clear();
        dir = negate(g);
        slope = dot(dir, g);
      }
      double step = history.isEmpty() ? Math.min(1.0, 1.0 / maxAbs(g)) : 1.0;
      double[] xNew = null;
      double[] gNew = new double[d];
      double fNew = Double.POSITIVE_INFINITY;
      for (int tries = 0; tries < 30; tries++) {
        xNew = new double[d];
        for (int i = 0; i < d; i++) {
          xNew[i] = Math.max(-BOUND, Math.min(BOUND, x[i] + step * dir[i]));
        }
        fNew = f.value(xNew, gNew);
        if (Double.isFinite(fNew) && fNew <= fx + ARMIJO * step * slope) {
          break;
        }
        step *= 0.5;
      }
      if (!Double.isFinite(fNew) || fNew > fx) {
        break;
      }
      double[] s = new double[d];
      double[] y = new double[d];
      for (int i = 0; i < d; i++) {
        s[i] = xNew[i] - x[i];
        y[i] = gNew[i] - g[i];
      }
      if (dot(s, y) > 1e-12) {
        history.addLast(new double[][] {s, y});
        if (history.size() > MEMORY) {
          history.removeFirst();
        }
      }
      boolean stalled = fx - fNew < 1e-10 * Math.max(1.0, Math.abs(fx));
      x = xNew;
      g = gNew;
      fx = fNew;
      if (stalled) {
        break;
      }
    }
    return x;
  }

  /** The two-loop recursion: -H g with H the L-BFGS inverse Hessian estimate. */
  private static double[] direction(double[] g, Deque<double[][]> history) {
    double[] q = g.clone();
    int m = history.size();
    double[] alpha = new double[m];
    int k = m - 1;
    for (Iterator<double[][]> it = history.descendingIterator(); it.hasNext(); k--) {
      double[][] sy = it.next();
      alpha[k] = dot(sy[0], q) / dot(sy[1], sy[0]);
      axpy(-alpha[k], sy[1], q);
    }
    if (m > 0) {
      double[][] last = history.peekLast();
      double gamma = dot(last[0], last[1]) / dot(last[1], last[1]);
      for (int i = 0; i < q.length; i++) {
        q[i] *= gamma;
      }
    }
    k = 0;
    for (double[][] sy : history) {
      double beta = dot(sy[1], q) / dot(sy[1], sy[0]);
      axpy(alpha[k] - beta, sy[0], q);
      k++;
    }
    return negate(q);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double[] negate(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = -v[i];
    }
    return out;
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
