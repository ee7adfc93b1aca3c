package com.batchtrain.invoke.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TruncatedNormalTest {

  @Test
  void theCdfAndItsInverseMatchTablesAndEachOther() {
    assertEquals(0.5, TruncatedNormal.cdf(0), 1e-7);
    assertEquals(0.8413447461, TruncatedNormal.cdf(1), 1e-7);
    assertEquals(0.0249978952, TruncatedNormal.cdf(-1.96), 1e-8);
    assertEquals(1.959963985, TruncatedNormal.inverseCdf(0.975), 1e-7);
    assertEquals(-3.090232306, TruncatedNormal.inverseCdf(0.001), 1e-7);
    for (double p = 1e-9; p < 1; p = p < 0.5 ? p * 3 : 1 - (1 - p) / 3) {
      double back = TruncatedNormal.cdf(TruncatedNormal.inverseCdf(p));
      assertEquals(p, back, 2e-7 * Math.min(p, 1 - p) + 1e-15, "p = " + p);
      if (1 - p < 1e-9) {
        break;
      }
    }
  }

  @Test
  void drawsStayInTheIntervalAndFollowTheTruncatedShape() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 20_000;
    int inFirstSigma = 0;
    for (int i = 0; i < n; i++) {
      // Centred at the lower end with sigma 1 on [0, 3]: P(x < 1) = (Phi(1) - 0.5) / (Phi(3) - 0.5) = 0.6836.
      double x = TruncatedNormal.sample(0, 1, 0, 3, rng);
      assertTrue(x >= 0 && x <= 3, "x = " + x);
      inFirstSigma += x < 1 ? 1 : 0;
    }
    assertEquals(0.6836, (double) inFirstSigma / n, 0.01);
  }
}
