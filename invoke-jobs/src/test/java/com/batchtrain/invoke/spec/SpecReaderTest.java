package com.batchtrain.invoke.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.sweep.NewSweep;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecReaderTest {
  private static final String VALID = """
      name: mem
      preset: calcloud-memory-bin
      data: s3://my-bucket/data/calcloud/
      objective: {metric: val_accuracy, goal: maximize}
      method: random
      max_trials: 8
      seed: 3
      max_parallel: 2
      queue: gpu-spot
      resources: {vcpus: 4, memory_mib: 15000, gpus: 1}
      retries: 3
      timeout: 1h30m
      parameters:
        learning_rate: {min: 1e-4, max: 0.1, distribution: log_uniform}
        batch_size: {min: 64, max: 512}
        hidden_units: {values: [[32], [64, 64]]}
        activation: {values: [relu, tanh]}
        epochs: {value: 5}
      """;

  private final SpecReader reader = new SpecReader();

  /** A URI naming one object stays that object: turning it into a prefix would list nothing. */
  @Test
  void aDatasetUriIsKeptAsWrittenFileOrPrefix() {
    assertEquals("s3://my-bucket/path/file.csv",
        reader.read(VALID.replace("s3://my-bucket/data/calcloud/", "s3://my-bucket/path/file.csv")).data().toString());
    assertEquals("s3://my-bucket/data/calcloud",
        reader.read(VALID.replace("s3://my-bucket/data/calcloud/", "s3://my-bucket/data/calcloud")).data().toString());
    assertEquals("file:///data/x.csv",
        reader.read(VALID.replace("s3://my-bucket/data/calcloud/", "file:///data/x.csv")).data().toString());
  }

  @Test
  void readsEveryField() {
    SweepSpec s = reader.read(VALID);
    assertEquals("mem", s.name());
    assertEquals("calcloud-memory-bin", s.preset());
    assertEquals("s3://my-bucket/data/calcloud/", s.data().toString());
    assertEquals(new Objective("val_accuracy", Objective.Goal.MAXIMIZE), s.objective());
    assertEquals(SearchMethod.RANDOM, s.method());
    assertEquals(8, s.maxTrials().getAsInt());
    assertEquals(3, s.seed());
    assertEquals(2, s.maxParallel());
    assertEquals(QueueChoice.GPU_SPOT, s.queue());
    assertEquals(new Resources(4, 15000, 1), s.resources());
    assertEquals(4, s.attempts());
    assertEquals(5400, s.timeout().seconds());
    assertEquals(List.of("learning_rate", "batch_size", "hidden_units", "activation", "epochs"), List.copyOf(s.parameters().keySet()));
    assertEquals(new Parameter.FloatRange(1e-4, 0.1, Distribution.LOG_UNIFORM), s.parameters().get("learning_rate"));
    assertEquals(new Parameter.IntRange(64, 512, Distribution.UNIFORM), s.parameters().get("batch_size"));
    assertEquals(new Parameter.Categorical(List.of(List.of(32L), List.of(64L, 64L))), s.parameters().get("hidden_units"));
    assertEquals(new Parameter.Fixed(5L), s.parameters().get("epochs"));
  }

  @Test
  void appliesDefaults() {
    SweepSpec s = reader.read("""
        name: x
        preset: calcloud-memory
        data: builtin:calcloud
        objective: {metric: val_loss, goal: minimize}
        method: grid
        """);
    assertEquals(QueueChoice.CPU, s.queue());
    assertEquals(Resources.DEFAULT, s.resources());
    assertEquals(SpecReader.DEFAULT_RETRIES + 1, s.attempts());
    assertEquals(SpecReader.DEFAULT_TIMEOUT, s.timeout());
    assertInstanceOf(DataSource.Builtin.class, s.data());
    assertEquals(0, s.parameters().size());
  }

  @Test
  void readsADeclaredModelInsteadOfAPreset() {
    SweepSpec s = reader.read(with("preset:",
        "model: {task: classification, features: [petal, sepal, stem], target: label, classes: 3, class_names: [s, m, l]}"));
    assertEquals(null, s.preset());
    assertEquals(new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("petal", "sepal", "stem"), "label", 3, List.of("s", "m", "l")),
        s.model());
    assertEquals("custom-classifier", s.modelName());
    assertEquals(null, reader.read(VALID).model());

    // The plan hands the declaration to the job through the trials file, and names it in the record.
    NewSweep plan = NewSweep.plan(s, "spec text", SweepId.of("mem-1"), new ResultsLayout(StorageUri.parse("file:///results/")),
        SweepRecord.Backend.LOCAL, "", "", Instant.parse("2026-11-23T15:00:00Z"));
    TrialsFile trials = TrialsFile.fromJson(plan.trials().toJson());
    assertEquals(s.model(), trials.model());
    assertEquals(null, trials.preset());
    assertEquals(8, trials.trials().size());
    assertEquals("custom-classifier", plan.record().preset());

    SweepSpec regression = reader.read(with("preset:", "model:\n  task: regression\n  features: [a, b]\n  target: y")
        .replace("val_accuracy", "val_r2"));
    assertEquals(ModelSpec.regression(List.of("a", "b"), "y"), regression.model());
    assertEquals("custom-regressor", regression.modelName());

    // Without features: every column but the target and the ignored ones; classes from the data.
    SweepSpec fromData = reader.read(with("preset:", "model: {task: classification, target: species, ignore: [id, note]}"));
    assertEquals(new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "species", null, null, List.of("id", "note")), fromData.model());
    assertTrue(fromData.model().featuresFromData());
    String json = new String(NewSweep.plan(fromData, "spec text", SweepId.of("mem-2"), new ResultsLayout(StorageUri.parse("file:///results/")),
        SweepRecord.Backend.LOCAL, "", "", Instant.parse("2026-11-23T15:00:00Z")).trials().toJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(json.contains("\"ignore\"") && !json.contains("\"features\""), json);
  }

  @Test
  void theShippedExamplesAreValid() throws Exception {
    Path examples = Path.of("..", "examples");
    List<Path> specs;
    try (Stream<Path> files = Files.list(examples)) {
      specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(List.of("calcloud-memory-bin.yaml", "calcloud-memory.yaml", "calcloud-wallclock.yaml"),
        specs.stream().map(p -> p.getFileName().toString()).filter(n -> n.startsWith("calcloud")).toList());
    for (Path p : specs) {
      reader.read(p);
    }
  }

  /** Replaces {@code line} of the valid spec (matched by its start) with {@code replacement}. */
  private static String with(String linePrefix, String replacement) {
    StringBuilder out = new StringBuilder();
    boolean found = false;
    for (String line : VALID.split("\n")) {
      if (!found && line.startsWith(linePrefix)) {
        found = true;
        if (!replacement.isEmpty()) {
          out.append(replacement).append('\n');
        }
      } else {
        out.append(line).append('\n');
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no line starts with " + linePrefix);
    }
    return out.toString();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(with("name:", ""), "name: expected a value (required), got nothing"),
        Arguments.of(with("name:", "name: Has Spaces"), "name: expected lowercase letters, digits and '-', at most 40 chars, got 'Has Spaces'"),
        Arguments.of(with("preset:", "preset: calcloud-memry"), "preset: expected one of [calcloud-memory-bin, calcloud-memory, calcloud-wallclock], got 'calcloud-memry'"),
        Arguments.of(with("preset:", ""), "preset / model: expected exactly one of preset (a runtime preset such as calcloud-memory-bin)"
            + " or model (task, features, target, classes: your own dataset's columns), got nothing"),
        Arguments.of(with("preset:", "preset: calcloud-memory-bin\nmodel: {task: regression, features: [a], target: y}"),
            "preset / model: expected exactly one of preset (a runtime preset such as calcloud-memory-bin)"
            + " or model (task, features, target, classes: your own dataset's columns), got 'both'"),
        Arguments.of(with("preset:", "model: [a, b]"), "model: expected a mapping with task, target and optionally features (or ignore),"
            + " classes, class_names, got [a, b]"),
        Arguments.of(with("preset:", "model: {task: ranking, features: [a], target: y}"), "model.task: expected classification or regression, got 'ranking'"),
        Arguments.of(with("preset:", "model: {features: [a], target: y}"), "model.task: expected a value (required), got nothing"),
        Arguments.of(with("preset:", "model: {task: regression, features: [], target: y}"), "model.features: expected a non-empty list of names, got []"),
        Arguments.of(with("preset:", "model: {task: regression, features: a, target: y}"), "model.features: expected a non-empty list of names, got 'a'"),
        Arguments.of(with("preset:", "model: {task: regression, features: [a, 3], target: y}"), "model.features[1]: expected a name, got 3"),
        Arguments.of(with("preset:", "model: {task: regression, features: [a, a], target: y}"), "model.features: expected unique column names, got [a, a]"),
        Arguments.of(with("preset:", "model: {task: regression, features: [a, y], target: y}"), "model.target: expected a column that is not among model.features, got 'y'"),
        Arguments.of(with("preset:", "model: {task: regression, features: [a]}"), "model.target: expected a value (required), got nothing"),
        Arguments.of(with("preset:", "model: {task: classification, features: [a], target: y, classes: 1}"),
            "model.classes: expected an integer >= 2 for a classifier (or no classes: inferred from the data), got 1"),
        Arguments.of(with("preset:", "model: {task: classification, target: y, ignore: []}"), "model.ignore: expected a non-empty list of names, got []"),
        Arguments.of(with("preset:", "model: {task: classification, target: y, ignore: [id, 7]}"), "model.ignore[1]: expected a name, got 7"),
        Arguments.of(with("preset:", "model: {task: classification, target: y, ignore: [id, y]}"),
            "model.ignore: expected columns other than model.target, got [id, y]"),
        Arguments.of(with("preset:", "model: {task: classification, features: [a], target: y, ignore: [id]}"),
            "model.ignore: expected no ignore list with model.features (the features already name every column the model reads), got [id]"),
        Arguments.of(with("preset:", "model: {task: classification, target: y, class_names: [only]}"),
            "model.class_names: expected at least 2 names, one per class, got [only]"),
        Arguments.of(with("preset:", "model: {task: classification, features: [a], target: y, classes: 2.5}"), "model.classes: expected an integer >= 2, got 2.5"),
        Arguments.of(with("preset:", "model: {task: regression, features: [a], target: y, classes: 3}"), "model.classes: expected no classes for a regressor, got 3"),
        Arguments.of(with("preset:", "model: {task: classification, features: [a], target: y, classes: 3, class_names: [lo, hi]}"),
            "model.class_names: expected 3 names, one per class, got [lo, hi]"),
        Arguments.of(with("preset:", "model: {task: classification, features: [a], target: y, classes: 2, labels: [lo, hi]}"),
            "model.labels: expected a known field, one of [class_names, classes, features, ignore, target, task], got 'labels'"),
        // The objective is checked against the declared task's metrics (VALID's is val_accuracy).
        Arguments.of(with("preset:", "model: {task: regression, features: [a], target: y}"),
            "objective.metric: expected one of [val_loss, val_rmse, val_mae, val_r2] for preset custom-regressor, got 'val_accuracy'"),
        Arguments.of(with("data:", "data: http://example.com/x"), "data: expected a URI starting with s3:// or file://, got 'http://example.com/x'"),
        Arguments.of(with("data:", "data: builtin:mnist"), "data: expected one of [builtin:calcloud] or a URI, got 'builtin:mnist'"),
        Arguments.of(with("objective:", "objective: val_loss"), "objective: expected a mapping with metric and goal, got 'val_loss'"),
        Arguments.of(with("objective:", "objective: {metric: val_accuracy, goal: up}"), "objective.goal: expected minimize or maximize, got 'up'"),
        Arguments.of(with("objective:", "objective: {metric: val_rmse, goal: minimize}"),
            "objective.metric: expected one of [val_loss, val_accuracy, val_balanced_accuracy, val_macro_f1] for preset calcloud-memory-bin, got 'val_rmse'"),
        Arguments.of(with("objective:", "objective: {goal: minimize}"), "objective.metric: expected a value (required), got nothing"),
        Arguments.of(with("objective:", "objective: {metric: val_loss, goal: minimize, weight: 2}"), "objective.weight: expected a known field, one of [goal, metric], got 'weight'"),
        Arguments.of(with("method:", "method: bayes"), "method: expected grid or random, got 'bayes'"),
        Arguments.of(with("max_trials:", ""), "max_trials: expected a trial budget (an integer in 1..10000) with method random, got nothing"),
        Arguments.of(with("max_trials:", "max_trials: 0"), "max_trials: expected an integer in 1..10000, got 0"),
        Arguments.of(with("max_trials:", "max_trials: many"), "max_trials: expected an integer in 1..10000, got 'many'"),
        Arguments.of(with("seed:", "seed: -1"), "seed: expected an integer in 0..2147483647, got -1"),
        Arguments.of(with("max_parallel:", "max_parallel: 2.5"), "max_parallel: expected an integer in 1..10000, got 2.5"),
        Arguments.of(with("queue:", "queue: tpu"), "queue: expected one of cpu, cpu-spot, gpu, gpu-spot, got 'tpu'"),
        Arguments.of(with("resources:", "resources: {vcpus: 0, memory_mib: 15000, gpus: 1}"), "resources.vcpus: expected an integer in 1..256, got 0"),
        Arguments.of(with("resources:", "resources: {vcpus: 4, memory_mib: 64, gpus: 1}"), "resources.memory_mib: expected an integer in 128..4194304, got 64"),
        Arguments.of(with("resources:", "resources: {vcpus: 4, memory: 15000, gpus: 1}"), "resources.memory: expected a known field, one of [gpus, memory_mib, vcpus], got 'memory'"),
        Arguments.of(with("resources:", "resources: {vcpus: 4, memory_mib: 15000, gpus: 0}"), "resources.gpus: expected at least 1 on queue gpu-spot, got 0"),
        Arguments.of(with("queue:", "queue: cpu"), "resources.gpus: expected 0 on queue cpu (use gpu or gpu-spot), got 1"),
        Arguments.of(with("retries:", "retries: 10"), "retries: expected an integer in 0..9, got 10"),
        Arguments.of(with("timeout:", "timeout: 30"), "timeout: expected a duration such as 90s, 30m, 2h or 1h30m (at least 1m, at most 336h), got 30"),
        Arguments.of(with("timeout:", "timeout: 30x"), "timeout: expected a duration such as 90s, 30m, 2h or 1h30m (at least 1m, at most 336h), got '30x'"),
        Arguments.of(with("timeout:", "timeout: 10s"), "timeout: expected a duration such as 90s, 30m, 2h or 1h30m (at least 1m, at most 336h), got '10s'"),
        Arguments.of(with("seed:", "seed: 3\ncolour: blue"), "colour: expected a known field, one of [data, max_parallel, max_trials, method, model, name, objective, parameters, preset, queue, resources, retries, seed, timeout], got 'colour'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: abc, max: 0.1, distribution: log_uniform}"), "parameters.learning_rate.min: expected a number > 0, got 'abc'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0, max: 0.1, distribution: log_uniform}"), "parameters.learning_rate.min: expected a number > 0, got 0"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.01, max: 2}"), "parameters.learning_rate.max: expected a number in (0, 1], got 2.0"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.1, max: 0.01}"), "parameters.learning_rate.max: expected a number greater than min (0.1), got 0.01"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.01}"), "parameters.learning_rate.max: expected a value (required), got nothing"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.01, max: 0.1, distribution: normal}"), "parameters.learning_rate.distribution: expected uniform or log_uniform, got 'normal'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {value: 0.01, distribution: log_uniform}"), "parameters.learning_rate.distribution: expected only with min and max, got 'log_uniform'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {value: 0.01, values: [0.1]}"), "parameters.learning_rate: expected exactly one of value, values, or min and max, got 'value, values'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: 0.01"), "parameters.learning_rate: expected a mapping with value, values, or min and max, got 0.01"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {value: 0.01, step: 2}"), "parameters.learning_rate.step: expected a known field, one of [distribution, max, min, value, values], got 'step'"),
        Arguments.of(with("  batch_size:", "  batch_size: {min: 16.5, max: 512}"), "parameters.batch_size.min: expected an integer, got 16.5"),
        Arguments.of(with("  batch_size:", "  batch_size: {values: []}"), "parameters.batch_size.values: expected a non-empty list, got []"),
        Arguments.of(with("  batch_size:", "  batch_size: {values: [64, 0]}"), "parameters.batch_size.values[1]: expected an integer in 1..65536, got 0"),
        Arguments.of(with("  hidden_units:", "  hidden_units: {min: 1, max: 3}"), "parameters.hidden_units: expected value or values (hidden_units is not numeric, so it has no min/max range), got 'min, max'"),
        Arguments.of(with("  activation:", "  activation: {values: [relu, swish]}"), "parameters.activation.values[1]: expected one of [relu, tanh, sigmoid, elu], got 'swish'"),
        Arguments.of(with("  epochs:", "  epochs: {value: 0}"), "parameters.epochs.value: expected an integer in 1..10000, got 0"),
        Arguments.of(with("  epochs:", "  momentum: {value: 0.9}"), "parameters.momentum: expected a hyperparameter, one of [activation, batch_size, dropout, epochs, hidden_units, l2, learning_rate, optimizer, seed], got 'momentum'"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsAMalformedFieldNamingItsPath(String yaml, String message) {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> reader.read(yaml));
    assertEquals(message, e.getMessage());
  }

  @Test
  void rejectsYamlThatIsNotAMapping() {
    assertEquals("spec: expected a mapping with name, preset, data, objective, parameters, method, got [1, 2]",
        assertThrows(InvalidValueException.class, () -> reader.read("[1, 2]")).getMessage());
  }

  @Test
  void rejectsBrokenYamlWithItsLine() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> reader.read("name: x\n  bad: [\n"));
    assertEquals("spec", e.field());
  }

  @Test
  void rejectsDuplicateKeys() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> reader.read("name: a\nname: b\n"));
    assertEquals("spec", e.field());
  }
}
