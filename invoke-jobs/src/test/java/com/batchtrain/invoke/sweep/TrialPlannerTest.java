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

  private static final String COMMAND_HEAD = """
      name: own
      trainer: {command: [python3, train.py, --width, "{width}"]}
      data: file:///data/
      objective: {metric: val_loss, goal: minimize}
      """;

  @Test
  void aCommandTrainersGridHasItsDeclaredParametersOnlyEachWithItsJsonType() {
    List<Map<String, Object>> trials = planner.expand(new SpecReader().read(COMMAND_HEAD + """
        method: grid
        parameters:
          width: {min: 1, max: 3}
          optimizer: {values: [adam, sgd]}
          shuffle: {values: [true, false]}
          lr: {value: 1, type: float}
          sizes: {value: [32, 64]}
          big: {value: 10000000000}
        """));
    assertEquals(12, trials.size());
    Map<String, Object> first = trials.get(0);
    assertEquals(List.of("width", "optimizer", "shuffle", "lr", "sizes", "big"), List.copyOf(first.keySet()),
        "spec order, no built-in defaults");
    assertEquals(1, first.get("width"));
    assertTrue(first.get("width") instanceof Integer, "an integer range gives integers");
    assertEquals("adam", first.get("optimizer"));
    assertEquals(true, first.get("shuffle"));
    assertEquals(false, trials.get(1).get("shuffle"));
    assertEquals(1.0, first.get("lr"));
    assertTrue(first.get("lr") instanceof Double, "type float: a double even for a whole number");
    assertEquals(List.of(32, 64), first.get("sizes"));
    assertEquals(10_000_000_000L, first.get("big"), "a long stays a long");
    assertEquals(3, trials.get(11).get("width"));
  }

  @Test
  void aCommandTrainersRandomDrawsAreTypedReproducibleAndInRange() {
    String rest = """
        method: random
        max_trials: 300
        seed: 11
        parameters:
          lr: {min: 1e-5, max: 1e-1, distribution: log_uniform}
          width: {min: 8, max: 1024, distribution: log_uniform}
          layers: {min: 1, max: 4}
          momentum: {min: 0.5, max: 0.99}
          steps: {min: 10, max: 20, type: float}
          activation: {values: [relu, gelu, 1]}
        """;
    List<Map<String, Object>> a = planner.expand(new SpecReader().read(COMMAND_HEAD + rest));
    assertEquals(a, planner.expand(new SpecReader().read(COMMAND_HEAD + rest)));
    assertNotEquals(a, planner.expand(new SpecReader().read(COMMAND_HEAD + rest.replace("seed: 11", "seed: 12"))));
    long lowDecade = 0;
    long narrow = 0;
    for (Map<String, Object> t : a) {
      double lr = (Double) t.get("lr");
      int width = (Integer) t.get("width");
      int layers = (Integer) t.get("layers");
      double momentum = (Double) t.get("momentum");
      double steps = (Double) t.get("steps");
      assertTrue(lr >= 1e-5 && lr <= 0.1, "lr " + lr);
      assertTrue(width >= 8 && width <= 1024, "width " + width);
      assertTrue(layers >= 1 && layers <= 4, "layers " + layers);
      assertTrue(momentum >= 0.5 && momentum <= 0.99, "momentum " + momentum);
      assertTrue(steps >= 10 && steps <= 20, "steps " + steps);
      lowDecade += lr < 1e-4 ? 1 : 0;
      narrow += width < 64 ? 1 : 0;
    }
    // Log-uniform over four decades puts about a quarter of the draws in the lowest one (uniform: 0.1%).
    assertTrue(lowDecade > 40 && lowDecade < 120, "draws below 1e-4: " + lowDecade);
    // ... and about 3/7 of log2 widths 8..1024 below 64 (uniform: 5%).
    assertTrue(narrow > 80 && narrow < 180, "widths below 64: " + narrow);
    assertEquals(Set.of("relu", "gelu", 1), a.stream().map(t -> t.get("activation")).collect(Collectors.toSet()),
        "a categorical keeps each value's own type");
  }

  @Test
  void aCommandTrainersFloatRangeHasNoGridEither() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> planner.expand(new SpecReader().read(COMMAND_HEAD + """
        method: grid
        parameters:
          width: {min: 0.5, max: 2}
        """)));
    assertEquals("parameters.width", e.field());
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
