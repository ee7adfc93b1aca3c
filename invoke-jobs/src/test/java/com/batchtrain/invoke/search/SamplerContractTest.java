package com.batchtrain.invoke.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.invoke.spec.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every sampler promises (the {@link Sampler} contract), checked on each of them. */
class SamplerContractTest {

  static Stream<Arguments> samplers() {
    return SearchFixtures.samplers().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void proposalsStayInsideTheSpaceWithTheRandomDrawsTypes(String name, Sampler sampler) {
    SearchSpace space = SearchFixtures.everyKind();
    // A history that pulls every range to one of its ends: the models' mass sits at the edges.
    List<Observation> finished = SearchFixtures.history(space, SearchFixtures::edgeSeeking, 40, 3);
    for (int seed = 0; seed < 40; seed++) {
      List<Map<String, Object>> running = List.of(RandomSampler.draw(space, new SplittableRandom(100 + seed)));
      Map<String, Object> p = sampler.propose(space, finished, running, new SplittableRandom(seed));
      assertInside(space, p, name + " seed " + seed);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void aConditionalParameterIsPresentExactlyWhenItsConditionHolds(String name, Sampler sampler) {
    SearchSpace space = SearchFixtures.optimizerSpace();
    List<Observation> finished = SearchFixtures.history(space, SamplerContractTest::sgdWithHighMomentumWins, 30, 5);
    int sgd = 0;
    for (int seed = 0; seed < 30; seed++) {
      Map<String, Object> p = sampler.propose(space, finished, List.of(), new SplittableRandom(seed));
      boolean isSgd = p.get("optimizer").equals("sgd");
      sgd += isSgd ? 1 : 0;
      assertEquals(isSgd, p.containsKey("momentum"), name + ": momentum iff sgd, got " + p);
      assertTrue(p.containsKey("lr"), name + ": an unconditional parameter is always there: " + p);
    }
    assertTrue(sgd > 0, name + ": some proposals are sgd (else the condition was never exercised)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void theSameHistoryAndSeedGiveTheSameProposal(String name, Sampler ignored) {
    SearchSpace space = SearchFixtures.everyKind();
    List<Observation> finished = SearchFixtures.history(space, SearchFixtures::edgeSeeking, 25, 9);
    List<Map<String, Object>> running = List.of(RandomSampler.draw(space, new SplittableRandom(1)),
        RandomSampler.draw(space, new SplittableRandom(2)));
    for (int seed = 0; seed < 5; seed++) {
      // A restarted driver: a fresh sampler, the history rebuilt (copied), the generator seeded alike.
      Sampler first = SearchFixtures.samplers().get(name);
      Sampler restarted = SearchFixtures.samplers().get(name);
      Map<String, Object> a = first.propose(space, finished, running, new SplittableRandom(seed));
      Map<String, Object> b = restarted.propose(space, copy(finished), new ArrayList<>(running), new SplittableRandom(seed));
      assertEquals(a, b, name + " seed " + seed);
      assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void valuesOfInactiveParametersInTheHistoryChangeNothing(String name, Sampler sampler) {
    // A built-in trainer's trials file fills in every default: adam trials carry a momentum they never used.
    SearchSpace space = SearchFixtures.optimizerSpace();
    List<Observation> clean = SearchFixtures.history(space, SamplerContractTest::sgdWithHighMomentumWins, 30, 5);
    List<Observation> strayLow = withStrayMomentum(clean, 0.5);
    List<Observation> strayHigh = withStrayMomentum(clean, 0.99);
    for (int seed = 0; seed < 10; seed++) {
      Map<String, Object> expected = sampler.propose(space, clean, List.of(), new SplittableRandom(seed));
      assertEquals(expected, sampler.propose(space, strayLow, List.of(), new SplittableRandom(seed)), name);
      assertEquals(expected, sampler.propose(space, strayHigh, List.of(), new SplittableRandom(seed)), name);
    }
  }

  /** Lower is better: sgd with momentum near 0.95 is best (a learning rate near 1e-2 helps a little); adam is mediocre. */
  static double sgdWithHighMomentumWins(Map<String, Object> p) {
    double lr = Math.log10(((Number) p.get("lr")).doubleValue()) + 2;
    if (!p.get("optimizer").equals("sgd")) {
      return 1 + lr * lr;
    }
    double m = ((Number) p.get("momentum")).doubleValue() - 0.95;
    return 10 * m * m + 0.1 * lr * lr;
  }

  private static List<Observation> withStrayMomentum(List<Observation> history, double momentum) {
    List<Observation> out = new ArrayList<>();
    for (Observation o : history) {
      Map<String, Object> p = new LinkedHashMap<>(o.parameters());
      if (p.get("optimizer").equals("adam")) {
        p.put("momentum", momentum);
      }
      out.add(new Observation(p, o.value()));
    }
    return out;
  }

  private static List<Observation> copy(List<Observation> history) {
    List<Observation> out = new ArrayList<>();
    history.forEach(o -> out.add(new Observation(new LinkedHashMap<>(o.parameters()), o.value())));
    return out;
  }

  /** The proposal has exactly the active parameters, in spec order, each a value the random method could draw. */
  static void assertInside(SearchSpace space, Map<String, Object> p, String what) {
    List<String> expectedKeys = new ArrayList<>();
    Map<String, Object> sofar = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : space.parameters().entrySet()) {
      if (space.active(e.getKey(), sofar)) {
        expectedKeys.add(e.getKey());
        sofar.put(e.getKey(), p.get(e.getKey()));
      }
    }
    assertEquals(expectedKeys, List.copyOf(p.keySet()), what + ": active parameters in spec order: " + p);
    for (String name : p.keySet()) {
      Parameter param = space.parameters().get(name);
      Object v = p.get(name);
      String at = what + ": " + name + " = " + v;
      if (param instanceof Parameter.Fixed f) {
        assertSame(f.value(), v, at);
      } else if (param instanceof Parameter.Categorical c) {
        assertTrue(c.values().stream().anyMatch(choice -> choice == v), at + " is one of the categorical's own values");
      } else if (param instanceof Parameter.IntRange r) {
        assertTrue(v instanceof Long, at + " is a Long");
        assertTrue((Long) v >= r.min() && (Long) v <= r.max(), at + " in [" + r.min() + ", " + r.max() + "]");
      } else {
        Parameter.FloatRange r = (Parameter.FloatRange) param;
        assertTrue(v instanceof Double, at + " is a Double");
        double d = (Double) v;
        assertTrue(d >= r.min() && d <= r.max(), at + " in [" + r.min() + ", " + r.max() + "]");
        assertEquals(Axis.round(d), d, 0.0, at + " is rounded to 6 significant digits");
      }
    }
  }
}
