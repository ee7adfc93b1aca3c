package com.batchtrain.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void classificationReportFromAKnownConfusion() {
    int[] labels = {0, 0, 0, 1, 1, 2};
    // predicted: 0, 0, 1, 1, 0, 2
    float[] p = {
        .9f, .05f, .05f,
        .8f, .1f, .1f,
        .3f, .6f, .1f,
        .2f, .7f, .1f,
        .5f, .4f, .1f,
        .1f, .1f, .8f};
    ClassificationReport r = ClassificationReport.of(labels, p, List.of("a", "b", "c"));
    assertEquals(4.0 / 6, r.accuracy(), 1e-12);
    assertArrayEquals(new long[] {2, 1, 0}, r.confusion()[0]);
    assertArrayEquals(new long[] {1, 1, 0}, r.confusion()[1]);
    assertArrayEquals(new double[] {0.5, 0.5, 0}, r.confusionNormalized()[1], 1e-12);
    assertEquals(2.0 / 3, r.perClass().get(0).precision(), 1e-12);
    assertEquals(2.0 / 3, r.perClass().get(0).recall(), 1e-12);
    assertEquals(0.5, r.perClass().get(1).f1(), 1e-12);
    assertEquals((2.0 / 3 + 0.5 + 1) / 3, r.balancedAccuracy(), 1e-12);
    assertEquals(0.5, r.majorityBaselineAccuracy(), 1e-12);
    // Class c is ranked perfectly; class a: positives {.9,.8,.3} vs negatives {.2,.5,.1}: 8 of 9 pairs.
    assertEquals(1.0, r.perClass().get(2).rocAuc(), 1e-12);
    assertEquals(8.0 / 9, r.perClass().get(0).rocAuc(), 1e-12);
  }

  @Test
  void aucGivesTiesHalfCreditAndIsUndefinedWithoutPositives() {
    assertEquals(0.5, RocAuc.oneVsRest(new int[] {1, 0}, new float[] {.5f, .5f, .5f, .5f}, 2, 1), 1e-12);
    assertEquals(Double.NaN, RocAuc.oneVsRest(new int[] {0, 0}, new float[] {.5f, .5f, .5f, .5f}, 2, 1));
  }

  @Test
  void regressionReport() {
    RegressionReport r = RegressionReport.of(new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 6}, 2.0);
    assertEquals(1.0, r.rmse(), 1e-12);
    assertEquals(0.5, r.mae(), 1e-12);
    assertEquals(1 - 4.0 / 5.0, r.r2(), 1e-12);
    assertEquals(0.25, r.loss(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 4), r.meanBaselineRmse(), 1e-12);
    // residuals target - prediction: {0, 0, 0, -2}
    assertEquals(-0.5, r.residuals().mean(), 1e-12);
    assertEquals(0.0, r.residuals().p50(), 1e-12);
    assertEquals(-2 + 0.15 * 2, r.residuals().p05(), 1e-12);
    assertEquals(2.0, r.residuals().maxAbs(), 1e-12);
  }
}
