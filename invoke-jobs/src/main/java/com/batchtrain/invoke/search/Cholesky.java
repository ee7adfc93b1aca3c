package com.batchtrain.invoke.search;

/**
 * The Cholesky factor L (lower triangular, C = L Lᵀ) of a symmetric positive definite matrix and the
 * solves a Gaussian process needs. Plain loops over {@code double[][]}: the matrices are at most a
 * sweep's trials across (1,000), where this is fast enough and needs no library.
 */
final class Cholesky {
  final double[][] l;
  final int n;

  private Cholesky(double[][] l) {
    this.l = l;
    this.n = l.length;
  }

  /** The factor of {@code c}, or null when {@code c} is not (numerically) positive definite. */
  static Cholesky of(double[][] c) {
    int n = c.length;
    double[][] l = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] li = new double[i + 1];
      l[i] = li;
      for (int j = 0; j <= i; j++) {
        double[] lj = l[j];
        double s = c[i][j];
        for (int k = 0; k < j; k++) {
          s -= li[k] * lj[k];
        }
        if (i == j) {
          if (!(s > 0)) {
            return null;
          }
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    return new Cholesky(l);
  }

  /** x with L x = b. */
  double[] forward(double[] b) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double[] li = l[i];
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= li[k] * x[k];
      }
      x[i] = s / li[i];
    }
    return x;
  }

  /** x with Lᵀ x = b. */
  double[] backward(double[] b) {
    double[] x = b.clone();
    for (int i = n - 1; i >= 0; i--) {
      x[i] /= l[i][i];
      double xi = x[i];
      double[] li = l[i];
      for (int k = 0; k < i; k++) {
        x[k] -= li[k] * xi;
      }
    }
    return x;
  }

  /** C⁻¹ b. */
  double[] solve(double[] b) {
    return backward(forward(b));
  }

  /** log det C = 2 Σ log L_ii. */
  double logDet() {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.log(l[i][i]);
    }
    return 2 * s;
  }

  /** C⁻¹ in full, from L⁻¹ (C⁻¹ = L⁻ᵀ L⁻¹): what the gradient of the marginal likelihood needs. */
  double[][] inverse() {
    // Column j of L⁻¹ solves L x = e_j; it is zero above row j, so keep rows j..n-1 only.
    double[][] col = new double[n][];
    for (int j = 0; j < n; j++) {
      double[] x = new double[n - j];
      for (int i = j; i < n; i++) {
        double[] li = l[i];
        double s = i == j ? 1.0 : 0.0;
        for (int k = j; k < i; k++) {
          s -= li[k] * x[k - j];
        }
        x[i - j] = s / li[i];
      }
      col[j] = x;
    }
    // (C⁻¹)_ij = sum over k >= max(i, j) of L⁻¹_ki L⁻¹_kj: a dot product of two stored columns.
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      double[] ci = col[i];
      for (int j = 0; j <= i; j++) {
        double[] cj = col[j];
        double s = 0;
        int offset = i - j;
        for (int k = 0; k < ci.length; k++) {
          s += ci[k] * cj[k + offset];
        }
        out[i][j] = s;
        out[j][i] = s;
      }
    }
    return out;
  }
}
