package com.batchtrain.invoke.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GpSamplerTest {
  private final GpSampler gp = new GpSampler(GpSampler.DEFAULT_STARTUP_TRIALS);

  @Test
  void afterThirtyTrialsOfAQuadraticProposalsAreNextToItsMinimum() {
    SearchSpace space = SearchFixtures.oneDimension();
    List<Observation> finished = SearchFixtures.history(space, SearchFixtures::quadratic, 30, 1);
    List<Double> distance = new ArrayList<>();
    for (int seed = 0; seed < 11; seed++) {
      distance.add(Math.abs((Double) gp.propose(space, finished, List.of(), new SplittableRandom(seed)).get("x")
          - SearchFixtures.OPTIMUM));
    }
    // 30 points pin a parabola down: expected improvement peaks at its vertex (random's median distance is ~2.5).
    double median = SearchFixtures.median(distance);
    assertTrue(median < 0.1, "median |x - 7.3| = " + median + " " + distance);
  }

  @Test
  void threeTrialsRunningAtOneSpotPushTheNextProposalAway() {
    SearchSpace space = SearchFixtures.oneDimension();
    List<Observation> finished = SearchFixtures.history(space, SearchFixtures::quadratic, 30, 2);
    for (int seed = 0; seed < 5; seed++) {
      Map<String, Object> alone = gp.propose(space, finished, List.of(), new SplittableRandom(seed));
      Map<String, Object> next = gp.propose(space, finished, List.of(alone, alone, alone), new SplittableRandom(seed));
      double gap = Math.abs((Double) next.get("x") - (Double) alone.get("x"));
      // The fantasies collapse the variance at the running spot: its expected improvement is gone.
      assertTrue(gap > 1e-3, "seed " + seed + ": " + alone + " then " + next);
    }
  }

  @Test
  void expectedImprovementRanksCandidatesFarIntoTheTail() {
    double best = 0;
    // Plainly computed, EI underflows to 0 for all three; in logs their order survives.
    double near = GpSampler.logExpectedImprovement(new double[] {30, 1}, best);
    double far = GpSampler.logExpectedImprovement(new double[] {40, 1}, best);
    double farther = GpSampler.logExpectedImprovement(new double[] {50, 1}, best);
    assertTrue(near > far && far > farther, near + " " + far + " " + farther);
    // At z = 0 EI = sigma * phi(0).
    assertEquals(Math.log(2 / Math.sqrt(2 * Math.PI)), GpSampler.logExpectedImprovement(new double[] {0, 4}, best), 1e-6);
    // Continuous where the tail series takes over (z = -10).
    double inside = GpSampler.logExpectedImprovement(new double[] {10 - 1e-9, 1}, best);
    double outside = GpSampler.logExpectedImprovement(new double[] {10 + 1e-9, 1}, best);
    assertEquals(inside, outside, 1e-3);
  }
}
