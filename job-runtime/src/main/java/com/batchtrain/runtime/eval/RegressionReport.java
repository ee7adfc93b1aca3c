package com.batchtrain.runtime.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out metrics of a regressor in the target's unit (RMSE, MAE), R² against predicting the
 * mean, and the loss in standardised units (what training minimises).
 */
public record RegressionReport(int rows, double loss, double rmse, double mae, double r2, double meanBaselineRmse,
    Residuals residuals) {

  /** Distribution of {@code target - prediction}: bias (mean) and spread, for under/over-provisioning. */
  public record Residuals(double mean, double p05, double p50, double p95, double maxAbs) {}

  public static RegressionReport of(float[] targets, float[] predictions, double targetScale) {
    int n = targets.length;
    double mean = 0;
    for (float t : targets) {
      mean += t;
    }
    mean /= n;
    double sse = 0;
    double sae = 0;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      double r = predictions[i] - targets[i];
      sse += r * r;
      sae += Math.abs(r);
      double d = targets[i] - mean;
      sst += d * d;
    }
    double r2 = sst == 0 ? Double.NaN : 1 - sse / sst;
    double[] res = new double[n];
    double maxAbs = 0;
    for (int i = 0; i < n; i++) {
      res[i] = targets[i] - predictions[i];
      maxAbs = Math.max(maxAbs, Math.abs(res[i]));
    }
    double resMean = java.util.Arrays.stream(res).sum() / n;
    java.util.Arrays.sort(res);
    Residuals residuals = new Residuals(resMean, quantile(res, 0.05), quantile(res, 0.5), quantile(res, 0.95), maxAbs);
    return new RegressionReport(n, sse / n / (targetScale * targetScale), Math.sqrt(sse / n), sae / n, r2, Math.sqrt(sst / n),
        residuals);
  }

  /** Linear interpolation between closest ranks of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  public Map<String, Double> scalars(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "loss", loss);
    m.put(prefix + "rmse", rmse);
    m.put(prefix + "mae", mae);
    m.put(prefix + "r2", r2);
    return m;
  }
}
