package com.batchtrain.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RocPointsTest {
  @Test
  void stepsThroughDistinctScoresWithTiesAsOneStep() {
    // Class 1's scores: 0.9 (pos), 0.7 (neg), 0.7 (pos), 0.2 (neg); two positives, two negatives.
    int[] labels = {1, 0, 1, 0};
    float[] p = {
        .1f, .9f,
        .3f, .7f,
        .3f, .7f,
        .8f, .2f};
    RocPoints roc = RocPoints.oneVsRest(labels, p, 2, 1).orElseThrow();
    assertArrayEquals(new double[] {0, 0, 0.5, 1}, roc.falsePositiveRate(), 1e-12);
    assertArrayEquals(new double[] {0, 0.5, 1, 1}, roc.truePositiveRate(), 1e-12);
    // Trapezoids under the points: the tie-aware AUC.
    double area = 0;
    for (int i = 1; i < 4; i++) {
      area += (roc.falsePositiveRate()[i] - roc.falsePositiveRate()[i - 1])
          * (roc.truePositiveRate()[i] + roc.truePositiveRate()[i - 1]) / 2;
    }
    assertEquals(RocAuc.oneVsRest(labels, p, 2, 1), area, 1e-12);
  }

  @Test
  void noCurveWithoutPositivesOrNegatives() {
    int[] labels = {0, 0};
    float[] p = {.6f, .4f, .7f, .3f};
    assertTrue(RocPoints.oneVsRest(labels, p, 2, 1).isEmpty());
    assertTrue(RocPoints.oneVsRest(labels, p, 2, 0).isEmpty());
  }
}
