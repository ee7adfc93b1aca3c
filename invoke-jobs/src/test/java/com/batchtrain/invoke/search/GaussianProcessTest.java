package com.batchtrain.invoke.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

  @Test
  void theAnalyticGradientOfTheFitMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 15;
    double[][] x = new double[n][3];
    double[] y = new double[n];
    boolean[] categorical = {false, false, true};
    for (int i = 0; i < n; i++) {
      x[i][0] = rng.nextDouble();
      x[i][1] = rng.nextDouble();
      x[i][2] = rng.nextInt(3);
      y[i] = Math.sin(5 * x[i][0]) + x[i][1] + 0.3 * x[i][2];
    }
    double[] sqd = GaussianProcess.squaredDifferences(x, categorical);
    double[] theta = {0.3, -0.5, 0.1, 0.2, -3};
    double[] gradient = new double[theta.length];
    GaussianProcess.negativeLogPosterior(theta, gradient, sqd, 3, y);
    for (int k = 0; k < theta.length; k++) {
      double h = 1e-6;
      double[] up = theta.clone();
      up[k] += h;
      double[] down = theta.clone();
      down[k] -= h;
      double numeric = (GaussianProcess.negativeLogPosterior(up, new double[theta.length], sqd, 3, y)
          - GaussianProcess.negativeLogPosterior(down, new double[theta.length], sqd, 3, y)) / (2 * h);
      assertEquals(numeric, gradient[k], 1e-5 * Math.max(1, Math.abs(numeric)), "d/dtheta_" + k);
    }
  }

  @Test
  void aFittedProcessReproducesItsDataAndIsUnsureFarFromIt() {
    double[][] x = new double[12][1];
    double[] y = new double[12];
    for (int i = 0; i < 12; i++) {
      x[i][0] = 0.5 * i / 11.0;
      y[i] = Math.sin(6 * x[i][0]);
    }
    GaussianProcess gp = GaussianProcess.fit(x, y, new boolean[] {false});
    double[] at = gp.posterior(new double[] {x[5][0]});
    assertEquals(y[5], at[0], 1e-2);
    double[] between = gp.posterior(new double[] {(x[5][0] + x[6][0]) / 2});
    double[] far = gp.posterior(new double[] {1.0});
    assertTrue(far[1] > 10 * between[1], "variance between points " + between[1] + ", far from them " + far[1]);
  }

  @Test
  void theInverseFromTheCholeskyFactorIsTheInverse() {
    double[][] c = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
    double[][] inv = Cholesky.of(c).inverse();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += c[i][k] * inv[k][j];
        }
        assertEquals(i == j ? 1.0 : 0.0, s, 1e-12);
      }
    }
    assertEquals(null, Cholesky.of(new double[][] {{1, 2}, {2, 1}}), "not positive definite");
  }
}
