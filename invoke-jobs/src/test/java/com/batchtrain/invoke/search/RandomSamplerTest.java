package com.batchtrain.invoke.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.invoke.spec.Distribution;
import com.batchtrain.invoke.spec.Parameter;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.sweep.TrialPlanner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomSamplerTest {
  /**
   * Seed 42's first three draws of these parameters as TrialPlanner drew them before the draw moved
   * to RandomSampler (recorded from that code): sweeps already run must reproduce.
   */
  private static final List<List<Object>> RECORDED = List.of(
      List.of(0.0167762, 15L, 10L, "adam", 0.0190151),
      List.of(0.0402424, 19L, 5L, "adam", 0.309241),
      List.of(4.11818E-4, 62L, 10L, "rmsprop", 0.33258));

  private static SearchSpace recordedSpace() {
    Map<String, Parameter> p = new LinkedHashMap<>();
    p.put("lr", new Parameter.FloatRange(1e-4, 0.1, Distribution.LOG_UNIFORM));
    p.put("width", new Parameter.IntRange(8, 512, Distribution.LOG_UNIFORM));
    p.put("layers", new Parameter.IntRange(1, 10, Distribution.UNIFORM));
    p.put("optimizer", new Parameter.Categorical(List.of("adam", "sgd", "rmsprop")));
    p.put("dropout", new Parameter.FloatRange(0.0, 0.5, Distribution.UNIFORM));
    return new SearchSpace(p, Map.of());
  }

  @Test
  void drawsWhatTheRandomMethodAlwaysDrew() {
    SplittableRandom rng = new SplittableRandom(42);
    for (List<Object> expected : RECORDED) {
      assertEquals(expected, List.copyOf(RandomSampler.draw(recordedSpace(), rng).values()));
    }
  }

  private static final String COMMAND_HEAD = """
      name: own
      trainer: {command: [python3, train.py]}
      data: file:///data/
      objective: {metric: val_loss, goal: minimize}
      """;

  @Test
  void theRandomMethodDrawsThroughIt() {
    List<Map<String, Object>> trials = new TrialPlanner().expand(new SpecReader().read(COMMAND_HEAD + """
        method: random
        max_trials: 3
        seed: 42
        parameters:
          lr: {min: 0.0001, max: 0.1, distribution: log_uniform}
          width: {min: 8, max: 512, distribution: log_uniform}
          layers: {min: 1, max: 10}
          optimizer: {values: [adam, sgd, rmsprop]}
          dropout: {min: 0.0, max: 0.5}
        """));
    for (int i = 0; i < RECORDED.size(); i++) {
      List<Object> expected = RECORDED.get(i);
      Map<String, Object> t = trials.get(i);
      assertEquals(expected.get(0), t.get("lr"));
      assertEquals(((Long) expected.get(1)).intValue(), t.get("width"), "JSON-typed: an Integer");
      assertEquals(((Long) expected.get(2)).intValue(), t.get("layers"));
      assertEquals(expected.get(3), t.get("optimizer"));
      assertEquals(expected.get(4), t.get("dropout"));
    }
  }

  @Test
  void theRandomMethodHonoursConditions() {
    List<Map<String, Object>> trials = new TrialPlanner().expand(new SpecReader().read(COMMAND_HEAD + """
        method: random
        max_trials: 200
        seed: 7
        parameters:
          optimizer: {values: [adam, sgd]}
          momentum: {min: 0.5, max: 0.99, when: {optimizer: sgd}}
          lr: {min: 0.0001, max: 0.1, distribution: log_uniform}
        """));
    int sgd = 0;
    for (Map<String, Object> t : trials) {
      boolean isSgd = t.get("optimizer").equals("sgd");
      sgd += isSgd ? 1 : 0;
      assertEquals(isSgd, t.containsKey("momentum"), "momentum iff sgd: " + t);
      if (isSgd) {
        double m = (Double) t.get("momentum");
        assertTrue(m >= 0.5 && m <= 0.99, "momentum in range: " + t);
      }
      assertTrue(t.containsKey("lr"));
    }
    assertTrue(sgd > 60 && sgd < 140, "about half sgd: " + sgd);
  }

  @Test
  void aLogIntegerRangeNeverDrawsBelowItsMinimum() {
    // exp(log(min)) can come out a hair below min: the draw clamps rather than rounding down to min - 1.
    Parameter.IntRange r = new Parameter.IntRange(3, 7, Distribution.LOG_UNIFORM);
    Axis axis = Axis.of(r);
    assertEquals(3L, axis.value(axis.low));
    assertEquals(7L, axis.value(axis.high));
    SplittableRandom rng = new SplittableRandom(0);
    for (int i = 0; i < 2000; i++) {
      long v = (Long) RandomSampler.draw(r, rng);
      assertTrue(v >= 3 && v <= 7, "v = " + v);
    }
  }
}
