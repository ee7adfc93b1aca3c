package com.batchtrain.invoke.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TpeSamplerTest {

  @ParameterizedTest(name = "multivariate={0}")
  @ValueSource(booleans = {false, true})
  void afterThirtyTrialsOfAQuadraticProposalsGatherNearItsMinimum(boolean multivariate) {
    SearchSpace space = SearchFixtures.oneDimension();
    List<Observation> finished = SearchFixtures.history(space, SearchFixtures::quadratic, 30, 1);
    TpeSampler tpe = new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, multivariate);
    List<Double> tpeDistance = new ArrayList<>();
    List<Double> randomDistance = new ArrayList<>();
    for (int seed = 0; seed < 41; seed++) {
      tpeDistance.add(distance(tpe.propose(space, finished, List.of(), new SplittableRandom(seed))));
      randomDistance.add(distance(RandomSampler.draw(space, new SplittableRandom(seed))));
    }
    double tpe50 = SearchFixtures.median(tpeDistance);
    double random50 = SearchFixtures.median(randomDistance);
    // Random's median distance to 7.3 on [0, 10] is about 2.5; l(x)/g(x) keeps TPE's within a fraction of it.
    assertTrue(tpe50 < 0.5 * random50, "median |x - 7.3|: tpe " + tpe50 + ", random " + random50);
  }

  @ParameterizedTest(name = "multivariate={0}")
  @ValueSource(booleans = {false, true})
  void threeTrialsRunningAtOneSpotPushTheNextProposalElsewhere(boolean multivariate) {
    SearchSpace space = SearchFixtures.oneDimension();
    List<Observation> finished = SearchFixtures.history(space, SearchFixtures::quadratic, 30, 2);
    TpeSampler tpe = new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, multivariate);
    for (int seed = 0; seed < 10; seed++) {
      Map<String, Object> alone = tpe.propose(space, finished, List.of(), new SplittableRandom(seed));
      Map<String, Object> next = tpe.propose(space, finished, List.of(alone, alone, alone), new SplittableRandom(seed));
      // Same generator, so the same candidates from l(x): only g(x), raised by the liars, moved the choice.
      assertNotEquals(alone, next, "seed " + seed);
    }
  }

  @Test
  void momentumIsLearntFromTheSgdTrialsOnly() {
    SearchSpace space = SearchFixtures.optimizerSpace();
    // Recorded: 20 sgd trials with momentum evenly over [0.5, 0.99], 20 adam trials (no momentum), interleaved.
    List<Observation> finished = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Map<String, Object> sgd = new LinkedHashMap<>();
      sgd.put("optimizer", "sgd");
      sgd.put("momentum", Axis.round(0.5 + 0.49 * i / 19));
      sgd.put("lr", 0.01);
      finished.add(new Observation(sgd, SamplerContractTest.sgdWithHighMomentumWins(sgd)));
      Map<String, Object> adam = new LinkedHashMap<>();
      adam.put("optimizer", "adam");
      adam.put("lr", Axis.round(Math.pow(10, -4 + 3.0 * i / 19)));
      finished.add(new Observation(adam, SamplerContractTest.sgdWithHighMomentumWins(adam)));
    }
    // The same trials, but the adam ones carry a stray momentum (as a trials file with defaults
    // filled in would). Were momentum learnt from them, its l(x) or g(x) would change, and with them
    // the proposals.
    List<Observation> misleading = new ArrayList<>();
    for (Observation o : finished) {
      Map<String, Object> p = new LinkedHashMap<>(o.parameters());
      p.putIfAbsent("momentum", 0.55);
      misleading.add(new Observation(p, o.value()));
    }
    for (boolean multivariate : new boolean[] {false, true}) {
      TpeSampler tpe = new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, multivariate);
      List<Double> momenta = new ArrayList<>();
      for (int seed = 0; seed < 60; seed++) {
        Map<String, Object> p = tpe.propose(space, finished, List.of(), new SplittableRandom(seed));
        assertEquals(p, tpe.propose(space, misleading, List.of(), new SplittableRandom(seed)));
        if (p.containsKey("momentum")) {
          momenta.add((Double) p.get("momentum"));
        }
      }
      assertTrue(momenta.size() >= 30, "sgd, the better optimizer, is proposed mostly: " + momenta.size() + " of 60");
      // Random's median is 0.745; the best four trials (l(x)) are sgd with momentum 0.91 to 0.99.
      double median = SearchFixtures.median(momenta);
      assertTrue(Math.abs(median - 0.95) < 0.05, "momentum concentrates near 0.95 (the sgd optimum): median " + median);
    }
  }

  @Test
  void beforeTheStartupTrialsItDrawsExactlyWhatTheRandomSamplerDraws() {
    SearchSpace space = SearchFixtures.everyKind();
    List<Observation> finished = SearchFixtures.history(space, SearchFixtures::edgeSeeking, TpeSampler.DEFAULT_STARTUP_TRIALS - 1, 4);
    for (int seed = 0; seed < 5; seed++) {
      assertEquals(RandomSampler.draw(space, new SplittableRandom(seed)),
          new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, true).propose(space, finished, List.of(), new SplittableRandom(seed)));
    }
  }

  @Test
  void theBestTenPercentAtMostTwentyFiveModelTheGoodRegion() {
    assertEquals(1, TpeSampler.gamma(10));
    assertEquals(3, TpeSampler.gamma(30));
    assertEquals(4, TpeSampler.gamma(31));
    assertEquals(25, TpeSampler.gamma(1000));
  }

  @Test
  void olderPointsWeighLessOnceThereAreMoreThanTwentyFive() {
    assertArrayEquals(new double[] {1, 1, 1}, ParzenEstimator.weights(3));
    double[] w = ParzenEstimator.weights(30);
    assertEquals(1.0 / 30, w[0], 1e-12);
    assertEquals(1.0, w[4], 1e-12);
    assertTrue(w[1] > w[0] && w[2] > w[1] && w[3] > w[2]);
    for (int i = 5; i < 30; i++) {
      assertEquals(1.0, w[i]);
    }
  }

  private static double distance(Map<String, Object> p) {
    return Math.abs((Double) p.get("x") - SearchFixtures.OPTIMUM);
  }
}
