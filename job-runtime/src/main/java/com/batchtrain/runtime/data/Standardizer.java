package com.batchtrain.runtime.data;

import com.batchtrain.contract.ModelSpec.Task;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-feature mean and scale fitted on the training rows only (so validation and test statistics
 * never leak into the model), plus the target's mean and scale for regression. Constant features
 * get scale 1 so they standardise to 0 instead of dividing by zero.
 */
public record Standardizer(
    @JsonProperty("featureMean") float[] featureMean,
    @JsonProperty("featureScale") float[] featureScale,
    @JsonProperty("targetMean") float targetMean,
    @JsonProperty("targetScale") float targetScale) {

  public static Standardizer fit(Dataset train) {
    int w = train.width();
    int n = train.rows();
    double[] sum = new double[w];
    double[] sq = new double[w];
    float[] f = train.features();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < w; c++) {
        double v = f[r * w + c];
        sum[c] += v;
        sq[c] += v * v;
      }
    }
    float[] mean = new float[w];
    float[] scale = new float[w];
    for (int c = 0; c < w; c++) {
      double m = sum[c] / n;
      double var = Math.max(0, sq[c] / n - m * m);
      mean[c] = (float) m;
      scale[c] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
    }
    float tMean = 0f;
    float tScale = 1f;
    if (train.columns().task() == Task.REGRESSION) {
      double s = 0;
      double s2 = 0;
      for (float t : train.targets()) {
        s += t;
        s2 += (double) t * t;
      }
      double m = s / n;
      double var = Math.max(0, s2 / n - m * m);
      tMean = (float) m;
      tScale = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
    }
    return new Standardizer(mean, scale, tMean, tScale);
  }
}
