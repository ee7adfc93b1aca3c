package com.batchtrain.invoke.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrialPlannerTest {
  private static final String HEAD = """
      name: t
      preset: calcloud-memory-bin
      data: builtin:calcloud
      objective: {metric: val_loss, goal: minimize}
      """;

  private static SweepSpec spec(String rest) {
    return new SpecReader().read(HEAD + rest);
  }

  private final TrialPlanner planner = new TrialPlanner();

  @Test
  void gridIsTheCartesianProductInSpecOrderWithTheLastParameterFastest() {
    List<Map<String, Object>> trials = planner.expand(spec("""
        method: grid
        parameters:
          learning_rate: {values: [0.01, 0.1]}
          hidden_units: {values: [[8], [16, 16]]}
          epochs: {min: 1, max: 3}
        """));
    assertEquals(12, trials.size());
    assertEquals(0.01, trials.get(0).get("learning_rate"));
    assertEquals(List.of(8), trials.get(0).get("hidden_units"));
    assertEquals(1, trials.get(0).get("epochs"));
    assertEquals(2, trials.get(1).get("epochs"));
    assertEquals(List.of(16, 16), trials.get(3).get("hidden_units"));
    assertEquals(0.1, trials.get(11).get("learning_rate"));
    assertEquals(3, trials.get(11).get("epochs"));
    // Every trial carries the full, explicit hyperparameter set the runtime will use.
    assertEquals(Set.of("hidden_units", "activation", "dropout", "learning_rate", "batch_size", "epochs", "optimizer", "l2", "seed"),
        trials.get(5).keySet());
  }

  @Test
  void randomIsReproducibleFromTheSeedAndStaysInRange() {
    String rest = """
        method: random
        max_trials: 200
        seed: 5
        parameters:
          learning_rate: {min: 0.0001, max: 0.1, distribution: log_uniform}
          batch_size: {min: 16, max: 1024, distribution: log_uniform}
          dropout: {min: 0.0, max: 0.5}
          activation: {values: [relu, tanh]}
        """;
    List<Map<String, Object>> a = planner.expand(spec(rest));
    assertEquals(a, planner.expand(spec(rest)));
    assertNotEquals(a, planner.expand(spec(rest.replace("seed: 5", "seed: 6"))));
    assertEquals(200, a.size());
    long belowMilli = 0;
    for (Map<String, Object> t : a) {
      double lr = (Double) t.get("learning_rate");
      int bs = (Integer) t.get("batch_size");
      double dropout = (Double) t.get("dropout");
      assertTrue(lr >= 0.0001 && lr <= 0.1, "lr " + lr);
      assertTrue(bs >= 16 && bs <= 1024, "batch " + bs);
      assertTrue(dropout >= 0 && dropout <= 0.5, "dropout " + dropout);
      belowMilli += lr < 0.001 ? 1 : 0;
    }
    // Log-uniform over three decades puts about a third of the draws in the lowest one; uniform would put 1%.
    assertTrue(belowMilli > 40 && belowMilli < 100, "draws below 1e-3: " + belowMilli);
    assertEquals(Set.of("relu", "tanh"), a.stream().map(t -> t.get("activation")).collect(Collectors.toSet()));
  }

  @Test
  void aRealRangeHasNoGrid() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> planner.expand(spec("""
        method: grid
        parameters:
          learning_rate: {min: 0.001, max: 0.1}
        """)));
    assertEquals("parameters.learning_rate: expected value or values with method grid (a real range has no grid;"
        + " use method random), got '0.001..0.1'", e.getMessage());
  }

  @Test
  void aGridLargerThanTheTrialBudgetIsRejected() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> planner.expand(spec("""
        method: grid
        max_trials: 3
        parameters:
          epochs: {min: 1, max: 4}
        """)));
    assertEquals("max_trials: expected at least the grid's 4 combinations (or remove max_trials, or use method random), got 3",
        e.getMessage());
  }

  @Test
  void aGridBeyondTheArrayLimitIsRejected() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> planner.expand(spec("""
        method: grid
        parameters:
          epochs: {min: 1, max: 1000}
          batch_size: {min: 1, max: 11}
        """)));
    assertEquals("parameters", e.field());
  }
}
