package com.batchtrain.runtime.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out metrics of a regressor in the target's unit (RMSE, MAE), R² against predicting the
 * mean, and the loss in standardised units (what training minimises).
 */
public record RegressionReport(int rows, double loss, double rmse, double mae, double r2, double meanBaselineRmse) {

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
    return new RegressionReport(n, sse / n / (targetScale * targetScale), Math.sqrt(sse / n), sae / n, r2, Math.sqrt(sst / n));
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
