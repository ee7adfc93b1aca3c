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
import com.batchtrain.contract.pruning.EarlyStopping;
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

  /** The least a spec says: one trial of the preset's defaults. */
  private static final String MINIMAL_GRID = """
      name: g
      preset: calcloud-memory
      data: builtin:calcloud
      objective: {metric: val_loss, goal: minimize}
      method: grid
      """;

  /**
   * The cheaper default for GPU trials: one GPU and a quarter of a p3.8xlarge (Batch packs four to an
   * instance), and a spec that asks for GPUs without naming a queue goes to the spot queue (which falls
   * back to on-demand). What the spec does say stands.
   */
  @Test
  void gpuTrialsDefaultToAQuarterNodeOnTheSpotQueue() {
    SweepSpec onGpuQueue = reader.read(MINIMAL_GRID + "queue: gpu\n");
    assertEquals(QueueChoice.GPU, onGpuQueue.queue());
    assertEquals(new Resources(8, 59_392, 1), onGpuQueue.resources());
    SweepSpec asksGpus = reader.read(MINIMAL_GRID + "resources: {gpus: 1}\n");
    assertEquals(QueueChoice.GPU_SPOT, asksGpus.queue());
    assertEquals(Resources.GPU_DEFAULT, asksGpus.resources());
    SweepSpec sized = reader.read(MINIMAL_GRID + "queue: gpu-spot\nresources: {vcpus: 16, gpus: 2}\n");
    assertEquals(new Resources(16, 59_392, 2), sized.resources());
    assertEquals(QueueChoice.CPU, reader.read(MINIMAL_GRID + "resources: {vcpus: 4}\n").queue());
    assertEquals(new Resources(4, 4096, 0), reader.read(MINIMAL_GRID + "resources: {vcpus: 4}\n").resources());
  }

  @Test
  void maxCostIsAnAmountOfUsd() {
    assertEquals(java.util.OptionalDouble.of(12.5), reader.read(MINIMAL_GRID + "max_cost: 12.5\n").maxCost());
    assertEquals(java.util.OptionalDouble.of(50), reader.read(MINIMAL_GRID + "max_cost: '50'\n").maxCost());
    assertEquals(java.util.OptionalDouble.empty(), reader.read(MINIMAL_GRID).maxCost());
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

  /** The command-trainer examples (a directory each: the spec next to its trainer) read as command sweeps. */
  @Test
  void theShippedCommandTrainerExamplesAreValid() throws Exception {
    List<Path> specs;
    try (Stream<Path> dirs = Files.list(Path.of("..", "examples"))) {
      specs = dirs.filter(Files::isDirectory).map(d -> d.resolve("sweep.yaml")).filter(Files::exists).sorted().toList();
    }
    for (Path p : specs) {
      SweepSpec s = reader.read(p);
      assertTrue(s.commandTrainer(), p.toString());
      assertTrue(s.modelName().startsWith("command: "), s.modelName());
    }
  }

  /** Replaces {@code line} of the valid spec (matched by its start) with {@code replacement}. */
  private static String with(String linePrefix, String replacement) {
    return replaceLine(VALID, linePrefix, replacement);
  }

  private static String replaceLine(String text, String linePrefix, String replacement) {
    StringBuilder out = new StringBuilder();
    boolean found = false;
    for (String line : text.split("\n")) {
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
        Arguments.of(with("method:", "method: tpe"), "method: expected grid, random or bayes, got 'tpe'"),
        Arguments.of(with("method:", "method: bayes").replace("max_trials: 8\n", ""),
            "max_trials: expected a trial budget (an integer in 1..1000) with method bayes, got nothing"),
        Arguments.of(with("method:", "method: bayes").replace("max_trials: 8", "max_trials: 1001"),
            "max_trials: expected a trial budget (an integer in 1..1000) with method bayes, got 1001"),
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
        Arguments.of(with("seed:", "seed: 3\nmax_cost: 0"), "max_cost: expected a positive amount of USD up to 1000000 (a number: 50, 12.5), got 0"),
        Arguments.of(with("seed:", "seed: 3\nmax_cost: $50"), "max_cost: expected a positive amount of USD up to 1000000 (a number: 50, 12.5), got '$50'"),
        Arguments.of(with("seed:", "seed: 3\nmax_cost: 2e6"), "max_cost: expected a positive amount of USD up to 1000000 (a number: 50, 12.5), got 2000000.0"),
        Arguments.of(with("resources:", "resources: {gpus: two}"), "resources.gpus: expected an integer in 0..16, got 'two'"),
        Arguments.of(with("seed:", "seed: 3\ncolour: blue"), "colour: expected a known field, one of [data, early_stopping, max_cost, max_parallel, max_trials, method, model, name, objective, parameters, preset, queue, resources, retries, seed, timeout, trainer], got 'colour'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: abc, max: 0.1, distribution: log_uniform}"), "parameters.learning_rate.min: expected a number > 0, got 'abc'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0, max: 0.1, distribution: log_uniform}"), "parameters.learning_rate.min: expected a number > 0, got 0"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.01, max: 2}"), "parameters.learning_rate.max: expected a number in (0, 1], got 2.0"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.1, max: 0.01}"), "parameters.learning_rate.max: expected a number greater than min (0.1), got 0.01"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.01}"), "parameters.learning_rate.max: expected a value (required), got nothing"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {min: 0.01, max: 0.1, distribution: normal}"), "parameters.learning_rate.distribution: expected uniform or log_uniform, got 'normal'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {value: 0.01, distribution: log_uniform}"), "parameters.learning_rate.distribution: expected only with min and max, got 'log_uniform'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {value: 0.01, values: [0.1]}"), "parameters.learning_rate: expected exactly one of value, values, or min and max, got 'value, values'"),
        Arguments.of(with("  learning_rate:", "  learning_rate: 0.01"), "parameters.learning_rate: expected a mapping with value, values, or min and max, got 0.01"),
        Arguments.of(with("  learning_rate:", "  learning_rate: {value: 0.01, step: 2}"), "parameters.learning_rate.step: expected a known field, one of [distribution, max, min, value, values, when], got 'step'"),
        Arguments.of(with("  activation:", "  activation: {values: [relu, tanh], when: relu}"),
            "parameters.activation.when: expected one parameter and its value(s), e.g. {optimizer: sgd} or {optimizer: [sgd, rmsprop]}, got 'relu'"),
        Arguments.of(with("  batch_size:", "  batch_size: {min: 16.5, max: 512}"), "parameters.batch_size.min: expected an integer, got 16.5"),
        Arguments.of(with("  batch_size:", "  batch_size: {values: []}"), "parameters.batch_size.values: expected a non-empty list, got []"),
        Arguments.of(with("  batch_size:", "  batch_size: {values: [64, 0]}"), "parameters.batch_size.values[1]: expected an integer in 1..65536, got 0"),
        Arguments.of(with("  hidden_units:", "  hidden_units: {min: 1, max: 3}"), "parameters.hidden_units: expected value or values (hidden_units is not numeric, so it has no min/max range), got 'min, max'"),
        Arguments.of(with("  activation:", "  activation: {values: [relu, swish]}"), "parameters.activation.values[1]: expected one of [relu, tanh, sigmoid, elu], got 'swish'"),
        Arguments.of(with("  epochs:", "  epochs: {value: 0}"), "parameters.epochs.value: expected an integer in 1..10000, got 0"),
        Arguments.of(with("  epochs:", "  momentum: {value: 0.9}"), "parameters.momentum: expected a hyperparameter, one of [activation, batch_size, dropout, epochs, hidden_units, l2, learning_rate, optimizer, seed], got 'momentum'"),
        // early_stopping (VALID's trials train 5 epochs): the contract's EarlyStopping checks the values, by these paths.
        Arguments.of(earlyStopping("asha"), "early_stopping: expected a mapping: {method: asha, grace: 1, reduction: 3,"
            + " max: <epochs>} or {method: median, after: 1, min_trials: 3}, got 'asha'"),
        Arguments.of(earlyStopping("{grace: 1}"), "early_stopping.method: expected a value (required), got nothing"),
        Arguments.of(earlyStopping("{method: hyperband}"), "early_stopping.method: expected asha or median, got 'hyperband'"),
        Arguments.of(earlyStopping("{method: asha, patience: 2}"), "early_stopping.patience: expected a known field, one of"
            + " [after, grace, max, method, min_trials, reduction], got 'patience'"),
        Arguments.of(earlyStopping("{method: median, minTrials: 2}"), "early_stopping.minTrials: expected a known field, one of"
            + " [after, grace, max, method, min_trials, reduction], got 'minTrials'"),
        Arguments.of(earlyStopping("{method: asha, grace: x}"), "early_stopping.grace: expected an integer, got 'x'"),
        Arguments.of(earlyStopping("{method: asha, grace: 1.5}"), "early_stopping.grace: expected an integer, got 1.5"),
        Arguments.of(earlyStopping("{method: asha, grace: 0}"), "early_stopping.grace: expected an integer in 1..10000, got 0"),
        Arguments.of(earlyStopping("{method: asha, reduction: 1}"), "early_stopping.reduction: expected an integer in 2..100, got 1"),
        Arguments.of(earlyStopping("{method: asha, grace: 2, max: 2}"), "early_stopping.max: expected an integer in 3..10000, got 2"),
        Arguments.of(earlyStopping("{method: asha, after: 2}"), "early_stopping.after: expected not with method asha, got 2"),
        Arguments.of(earlyStopping("{method: median, max: 5}"), "early_stopping.max: expected only with method asha, got 5"),
        Arguments.of(earlyStopping("{method: median, grace: 1}"), "early_stopping.grace: expected not with method median, got 1"),
        Arguments.of(earlyStopping("{method: median, min_trials: 0}"), "early_stopping.min_trials: expected an integer in 1..10000, got 0"),
        // ASHA's max from the epochs: a budget no rung fits in is named with where it came from.
        Arguments.of(with("  epochs:", "  epochs: {value: 1}\nearly_stopping: {method: asha}"), "early_stopping.max: expected an"
            + " integer in 2..10000 (taken from parameters.epochs: give early_stopping.max, or train more epochs than grace), got 1"),
        // A rule whose first check comes at or after the last epoch would stop nothing: refused, not left to do nothing.
        Arguments.of(earlyStopping("{method: asha, grace: 5, max: 20}"), "early_stopping.grace: expected fewer epochs than a trial"
            + " trains (at most 5, parameters.epochs): a first check at or after the last epoch stops nothing, got 5"),
        Arguments.of(earlyStopping("{method: median, after: 5}"), "early_stopping.after: expected an epoch before the last one a"
            + " trial trains (at most 5, parameters.epochs): a first check at or after the last epoch stops nothing, got 5"));
  }

  /** VALID with {@code early_stopping: <value>}. */
  private static String earlyStopping(String value) {
    return with("seed:", "seed: 3\nearly_stopping: " + value);
  }

  @Test
  void readsEarlyStoppingAndWritesItToTheTrialsFile() {
    assertEquals(null, reader.read(VALID).earlyStopping(), "no early_stopping: every trial trains all its epochs");
    assertEquals(EarlyStopping.asha(2, 4, 30), reader.read(earlyStopping("{method: asha, grace: 2, reduction: 4, max: 30}"))
        .earlyStopping());
    assertEquals(EarlyStopping.median(2, 5), reader.read(earlyStopping("{method: median, after: 2, min_trials: 5}")).earlyStopping());
    assertEquals(EarlyStopping.median(1, 3), reader.read(earlyStopping("{method: median}")).earlyStopping(), "the defaults");
    // ASHA's max: the trials' epochs when the spec says, a fixed value, the largest value or the range's max.
    assertEquals(EarlyStopping.asha(1, 3, 5), reader.read(earlyStopping("{method: asha}")).earlyStopping());
    assertEquals(EarlyStopping.asha(1, 3, 12), reader.read(with("  epochs:", "  epochs: {values: [12, 3]}\nearly_stopping:"
        + " {method: asha}")).earlyStopping());
    assertEquals(EarlyStopping.asha(1, 3, 9), reader.read(with("  epochs:", "  epochs: {min: 2, max: 9}\nearly_stopping:"
        + " {method: asha}")).earlyStopping());
    // The built-in trainer without an epochs parameter trains its default epochs.
    assertEquals(EarlyStopping.asha(1, 3, com.batchtrain.contract.Hyperparameters.defaults().epochs()),
        reader.read(with("  epochs:", "early_stopping: {method: asha}")).earlyStopping());

    SweepSpec s = reader.read(earlyStopping("{method: asha, grace: 1, reduction: 2}"));
    NewSweep plan = NewSweep.plan(s, "spec text", SweepId.of("mem-1"), new ResultsLayout(StorageUri.parse("file:///results/")),
        SweepRecord.Backend.LOCAL, "", "", Instant.parse("2026-11-23T15:00:00Z"));
    TrialsFile back = TrialsFile.fromJson(plan.trials().toJson());
    assertEquals(EarlyStopping.asha(1, 2, 5), back.earlyStopping(), "the trials file carries the rule the trials apply");
    assertEquals("asha (grace 1, reduction 2, max 5: rungs at epochs 1, 2, 4)", EarlyStoppingText.describe(back.earlyStopping()));
    assertEquals("median (from epoch 2, once 3 other trials have a value)", EarlyStoppingText.describe(EarlyStopping.median(2, 3)));
    assertEquals(null, TrialsFile.fromJson(NewSweep.plan(reader.read(VALID), "spec text", SweepId.of("mem-2"),
        new ResultsLayout(StorageUri.parse("file:///results/")), SweepRecord.Backend.LOCAL, "", "",
        Instant.parse("2026-11-23T15:00:00Z")).trials().toJson()).earlyStopping());
  }

  /**
   * Your own trainer: ASHA's max comes from an integer epochs parameter, and is required without one
   * (only the trainer knows its budget); median needs no budget.
   */
  @Test
  void aCommandTrainerGivesAshaItsMaxOrAnIntegerEpochsParameter() {
    assertEquals(EarlyStopping.asha(1, 3, 20), reader.read(command("  augment:", "  augment: {value: true}\n  epochs: {values: [10, 20]}")
        .replace("max_trials: 4", "max_trials: 4\nearly_stopping: {method: asha}")).earlyStopping());
    assertEquals(EarlyStopping.asha(1, 3, 8), reader.read(COMMAND.replace("max_trials: 4", "max_trials: 4\nearly_stopping:"
        + " {method: asha, max: 8}")).earlyStopping());
    assertEquals(EarlyStopping.median(3, 3), reader.read(COMMAND.replace("max_trials: 4", "max_trials: 4\nearly_stopping:"
        + " {method: median, after: 3}")).earlyStopping());
    assertEquals("early_stopping.max: expected the most epochs a trial trains, for method asha (required with trainer.command"
        + " or trainer.java unless parameters.epochs is an integer), got nothing",
        assertThrows(InvalidValueException.class, () -> reader.read(COMMAND.replace("max_trials: 4",
            "max_trials: 4\nearly_stopping: {method: asha}"))).getMessage());
    assertEquals("early_stopping.max: expected the most epochs a trial trains, for method asha (required with trainer.command"
        + " or trainer.java unless parameters.epochs is an integer), got nothing",
        assertThrows(InvalidValueException.class, () -> reader.read(command("  augment:", "  augment: {value: true}\n"
            + "  epochs: {min: 1.5, max: 9}").replace("max_trials: 4", "max_trials: 4\nearly_stopping: {method: asha}")))
            .getMessage(), "a float epochs parameter is no epoch budget");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsAMalformedFieldNamingItsPath(String yaml, String message) {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> reader.read(yaml));
    assertEquals(message, e.getMessage());
  }

  private static final String COMMAND = """
      name: own
      trainer:
        command: [python3, train.py, --lr, "{learning_rate}", "--layers={layers}", --epochs, 3]
      data: file:///data/images/
      objective: {metric: val_top5_accuracy, goal: maximize}
      method: random
      max_trials: 4
      parameters:
        learning_rate: {min: 1e-4, max: 0.1, distribution: log_uniform}
        layers: {values: [2, 3]}
        width: {min: 16, max: 256, distribution: log_uniform}
        dropout: {min: 0, max: 0.5, type: float}
        momentum: {min: 0.8, max: 0.99}
        optimizer: {values: [adam, sgd]}
        shuffle: {value: true}
        label_smoothing: {value: 0, type: float}
        tag: {values: [1, 2.5, x, true], type: str}
        sizes: {value: [32, 64]}
        decay: {value: 1e-5}
        steps: {values: ["10", 20], type: int}
        augment: {values: [true, "false"], type: bool}
      """;

  /** Replaces the line of {@link #COMMAND} that starts with {@code linePrefix} (empty: removes it). */
  private static String command(String linePrefix, String replacement) {
    return replaceLine(COMMAND, linePrefix, replacement);
  }

  @Test
  void readsACommandTrainerWithOpenTypedParameters() {
    SweepSpec s = reader.read(COMMAND);
    assertTrue(s.commandTrainer());
    assertEquals(List.of("python3", "train.py", "--lr", "{learning_rate}", "--layers={layers}", "--epochs", "3"),
        s.trainer().command());
    assertEquals(null, s.preset());
    assertEquals(null, s.model());
    assertEquals("command: python3 train.py", s.modelName());
    // Any metric the command reports is a valid objective: no preset's list applies.
    assertEquals(new Objective("val_top5_accuracy", Objective.Goal.MAXIMIZE), s.objective());
    assertEquals(new Parameter.FloatRange(1e-4, 0.1, Distribution.LOG_UNIFORM), s.parameters().get("learning_rate"));
    assertEquals(new Parameter.Categorical(List.of(2L, 3L)), s.parameters().get("layers"));
    assertEquals(new Parameter.IntRange(16, 256, Distribution.LOG_UNIFORM), s.parameters().get("width"),
        "both ends integers: an integer range");
    assertEquals(new Parameter.FloatRange(0, 0.5, Distribution.UNIFORM), s.parameters().get("dropout"));
    assertEquals(new Parameter.FloatRange(0.8, 0.99, Distribution.UNIFORM), s.parameters().get("momentum"));
    assertEquals(new Parameter.Categorical(List.of("adam", "sgd")), s.parameters().get("optimizer"));
    assertEquals(new Parameter.Fixed(true), s.parameters().get("shuffle"));
    assertEquals(new Parameter.Fixed(0.0), s.parameters().get("label_smoothing"), "type float widens 0 to 0.0");
    assertEquals(new Parameter.Categorical(List.of("1", "2.5", "x", "true")), s.parameters().get("tag"), "type str: the text");
    assertEquals(new Parameter.Fixed(List.of(32L, 64L)), s.parameters().get("sizes"));
    assertEquals(new Parameter.Fixed(1e-5), s.parameters().get("decay"));
    assertEquals(new Parameter.Categorical(List.of(10L, 20L)), s.parameters().get("steps"));
    assertEquals(new Parameter.Categorical(List.of(true, false)), s.parameters().get("augment"));

    // type int forces an integer range even where an end is written as a float.
    assertEquals(new Parameter.IntRange(1, 8, Distribution.UNIFORM),
        reader.read(command("  width:", "  width: {min: 1.0, max: 8, type: int}")).parameters().get("width"));
    assertEquals(new Parameter.FloatRange(1, 8, Distribution.UNIFORM),
        reader.read(command("  width:", "  width: {min: 1, max: 8, type: float}")).parameters().get("width"));
    // A quoted value is a string: "0.10" stays as written, and with type float it is the number.
    assertEquals(new Parameter.Fixed("0.10"), reader.read(command("  decay:", "  decay: {value: \"0.10\"}")).parameters().get("decay"));
    assertEquals(new Parameter.Fixed(0.1), reader.read(command("  decay:", "  decay: {value: \"0.10\", type: float}"))
        .parameters().get("decay"));
  }

  @Test
  void readsMetricsFromTheCommandsOutput() {
    SweepSpec s = reader.read(command("  command:", "  command: [python3, train.py, \"{learning_rate}\", \"{layers}\"]\n"
        + "  stdout_metrics: {pattern: 'Epoch (\\d+)/\\d+ .* val_loss: (\\S+)', groups: [epoch, val_loss]}"));
    assertEquals(new com.batchtrain.contract.StdoutMetrics("Epoch (\\d+)/\\d+ .* val_loss: (\\S+)", List.of("epoch", "val_loss")),
        s.trainer().stdoutMetrics());
    assertEquals("trainer.stdout_metrics.groups", assertThrows(InvalidValueException.class, () -> reader.read(command("  command:",
        "  command: [x]\n  stdout_metrics: {pattern: 'loss (\\S+)', groups: [loss]}"))).field());
    assertEquals("trainer.stdout_metrics.regex", assertThrows(InvalidValueException.class, () -> reader.read(command("  command:",
        "  command: [x]\n  stdout_metrics: {regex: 'x'}"))).field());
  }

  @Test
  void readsAJavaTrainerWithItsClassPathAndOpenParameters() {
    SweepSpec s = reader.read(command("  command:", "  java: my-cnn\n  classpath: [target/my-cnn.jar, lib]"));
    assertTrue(s.commandTrainer());
    assertEquals(com.batchtrain.contract.TrainerSpec.java("my-cnn", List.of("target/my-cnn.jar", "lib")), s.trainer());
    assertEquals("java: my-cnn", s.modelName());
    assertEquals(new Parameter.Categorical(List.of("adam", "sgd")), s.parameters().get("optimizer"));
    assertEquals("trainer.classpath: expected only with trainer.java, got [x.jar]", assertThrows(InvalidValueException.class,
        () -> reader.read(command("  command:", "  command: [x]\n  classpath: [x.jar]"))).getMessage());
    assertEquals("trainer.java", assertThrows(InvalidValueException.class,
        () -> reader.read(command("  command:", "  java: My_CNN"))).field());
  }

  @Test
  void theBuiltinTrainerIsTheDefaultAndKeepsItsClosedParameters() {
    SweepSpec implicit = reader.read(VALID);
    SweepSpec explicit = reader.read(VALID + "trainer: {builtin: mlp}\n");
    assertEquals(implicit, explicit);
    assertEquals(com.batchtrain.contract.TrainerSpec.builtinMlp(), implicit.trainer());
    assertTrue(!implicit.commandTrainer());
    // A command trainer's open names and type key stay closed to the built-in one.
    assertEquals("parameters.width: expected a hyperparameter, one of [activation, batch_size, dropout, epochs, hidden_units,"
        + " l2, learning_rate, optimizer, seed], got 'width'", assertThrows(InvalidValueException.class,
        () -> reader.read(with("  epochs:", "  width: {value: 3}") + "trainer: {builtin: mlp}\n")).getMessage());
    assertEquals("parameters.epochs.type: expected a known field, one of [distribution, max, min, value, values, when], got 'type'",
        assertThrows(InvalidValueException.class, () -> reader.read(with("  epochs:", "  epochs: {value: 3, type: int}")))
            .getMessage());
  }

  @Test
  void aCommandSweepPlansATypedTrialsFileThatRoundTrips() {
    SweepSpec s = reader.read(COMMAND);
    NewSweep plan = NewSweep.plan(s, COMMAND, SweepId.of("own-1"), new ResultsLayout(StorageUri.parse("file:///results/")),
        SweepRecord.Backend.LOCAL, "", "", Instant.parse("2026-11-23T15:00:00Z"));
    TrialsFile back = TrialsFile.fromJson(plan.trials().toJson());
    assertEquals(plan.trials(), back, "the values read back equal, with their types");
    assertEquals(s.trainer(), back.trainer());
    assertEquals(null, back.preset());
    assertEquals(null, back.model());
    assertEquals(4, back.trials().size());
    java.util.Map<String, Object> t = back.trial(0).hyperparameters();
    assertEquals(s.parameters().keySet(), t.keySet(), "only the declared parameters: a command has no defaults");
    assertInstanceOf(Double.class, t.get("learning_rate"));
    assertInstanceOf(Integer.class, t.get("layers"));
    assertInstanceOf(Integer.class, t.get("width"));
    assertInstanceOf(Double.class, t.get("dropout"));
    assertInstanceOf(String.class, t.get("optimizer"));
    assertEquals(true, t.get("shuffle"));
    assertEquals(0.0, t.get("label_smoothing"));
    assertInstanceOf(String.class, t.get("tag"));
    assertEquals(List.of(32, 64), t.get("sizes"));
    assertEquals(1e-5, t.get("decay"));
    assertInstanceOf(Integer.class, t.get("steps"));
    assertInstanceOf(Boolean.class, t.get("augment"));
    String json = new String(plan.trials().toJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(json.contains("\"label_smoothing\" : 0.0") && json.contains("\"shuffle\" : true"), json);
    assertEquals("command: python3 train.py", plan.record().preset());
    assertEquals(List.copyOf(s.parameters().keySet()), plan.record().parameters());
    // Only the local backend's CLI adds the command's directory (SweepCommand); a record without one omits it.
    assertEquals(null, plan.record().commandDir());
    assertTrue(!new String(plan.record().toJson(), java.nio.charset.StandardCharsets.UTF_8).contains("commandDir"));
    SweepRecord withDir = plan.record().withCommandDir("/home/me/project");
    assertEquals(withDir, SweepRecord.fromJson(withDir.toJson()));
  }

  @Test
  void aCommandNameShowsTheProgramAndItsLeadingArguments() {
    assertEquals("command: python3 train.py", SweepSpec.commandName(List.of("python3", "train.py", "--lr", "{lr}")));
    assertEquals("command: Rscript fit.R", SweepSpec.commandName(List.of("Rscript", "fit.R")));
    assertEquals("command: ./train.sh", SweepSpec.commandName(List.of("./train.sh", "{lr}")));
    assertEquals("command: python3 -m pkg.train", SweepSpec.commandName(List.of("python3", "-m", "pkg.train", "--lr", "{lr}")));
    assertEquals("command: java -jar", SweepSpec.commandName(List.of("java", "-jar", "--x", "a.jar")));
    assertEquals("command: " + "x".repeat(57) + "...", SweepSpec.commandName(List.of("x".repeat(80))));
  }

  static Stream<Arguments> malformedCommand() {
    return Stream.of(
        Arguments.of(command("name:", "name: own\npreset: calcloud-memory-bin"),
            "preset: expected no preset with trainer.command or trainer.java (your trainer is the model: remove preset), got 'calcloud-memory-bin'"),
        Arguments.of(command("name:", "name: own\nmodel: {task: regression, target: y}"),
            "model: expected no model with trainer.command or trainer.java (your trainer is the model: remove model), got 'a model declaration'"),
        Arguments.of(command("objective:", ""), "objective: expected the metric the command reports and its goal, e.g."
            + " {metric: val_loss, goal: minimize} (required with your own trainer: it ranks the trials and picks the"
            + " checkpoint to publish), got nothing"),
        Arguments.of(command("objective:", "objective: {metric: Top-5, goal: maximize}"),
            "objective.metric: expected a metric name such as val_loss or val_accuracy, got 'Top-5'"),
        Arguments.of(command("data:", ""), "data: expected a value (required), got nothing"),
        Arguments.of(command("  command:", "  command: [python3, train.py, --lr, \"{learning_rate}\", --m, \"{moment}\"]"),
            "trainer.command[5]: expected placeholders naming declared parameters [augment, decay, dropout, label_smoothing,"
            + " layers, learning_rate, momentum, optimizer, shuffle, sizes, steps, tag, width], got '{moment}'"),
        Arguments.of(command("  command:", "  command: [python3, train.py, \"--lr={Learning_Rate}\"]"),
            "trainer.command[2]: expected placeholders of the form {hyperparameter_name} (lowercase, digits, _), and {{ or }}"
            + " for a literal brace, got '--lr={Learning_Rate}'"),
        Arguments.of(command("  command:", "  command: [python3, train.py, \"{unclosed\"]"),
            "trainer.command[2]: expected placeholders of the form {hyperparameter_name} (lowercase, digits, _), and {{ or }}"
            + " for a literal brace, got '{unclosed'"),
        Arguments.of(command("  command:", "  command: [python3, train.py, --lr, {learning_rate}]"),
            "trainer.command[3]: expected a string (quote a placeholder, \"{name}\": unquoted, YAML reads {name} as a mapping),"
            + " got '{\"learning_rate\":null}'"),
        Arguments.of(command("  command:", "  command: python3 train.py"), "trainer.command: expected a list: the program and its"
            + " arguments, e.g. [python3, train.py] (no shell: one string is not split into words), got 'python3 train.py'"),
        Arguments.of(command("  command:", "  command: []"), "trainer.command: expected a list of 1..256 strings (program first), got []"),
        Arguments.of(command("  command:", "  command: [\" \", train.py]"), "trainer.command[0]: expected the program to run, got ' '"),
        Arguments.of(command("  command:", "  command: [python3, [a]]"), "trainer.command[1]: expected a string, got [a]"),
        Arguments.of(command("  command:", "  command: [python3]\n  builtin: mlp"), "trainer: expected exactly one of builtin (mlp)"
            + ", command (a list: the program and its arguments) or java (the name of a Trainer on the class path), got 'more than"
            + " one of builtin, command and java'"),
        Arguments.of(command("  command:", "  cmd: [python3]"), "trainer.cmd: expected a known field, one of [builtin, classpath, command, image, java, stdout_metrics], got 'cmd'"),
        Arguments.of(command("trainer:", "trainer: python3 train.py").replace("  command: [python3, train.py, --lr, \"{learning_rate}\", \"--layers={layers}\", --epochs, 3]\n", ""),
            "trainer: expected a mapping: {builtin: mlp}, {command: [program, arguments...]} or {java: <trainer name>, classpath: [jars]}, with optionally image, got 'python3 train.py'"),
        Arguments.of(replaceLine(VALID, "name:", "name: mem\ntrainer: {builtin: xgboost}"), "trainer.builtin: expected one of [mlp], got 'xgboost'"),
        Arguments.of(replaceLine(VALID, "name:", "name: mem\ntrainer: {builtin: mlp, image: repo:tag}"),
            "trainer.image: expected only with trainer.command or trainer.java (the built-in trainer runs in the stack's image), got 'repo:tag'"),
        Arguments.of(command("  command:", "  command: [python3]\n  image: Not An Image"),
            "trainer.image: expected an image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag, got 'Not An Image'"),
        Arguments.of(command("  shuffle:", "  Shuffle-It: {value: true}"), "parameters.Shuffle-It: expected a name of lowercase letters,"
            + " digits and _, starting with a letter, at most 64 chars (it becomes BT_HP_<NAME> and {name}), got 'Shuffle-It'"),
        Arguments.of(command("  shuffle:", "  shuffle: true"), "parameters.shuffle: expected a mapping with value, values, or min and max"
            + " (and optionally type), got true"),
        Arguments.of(command("  shuffle:", "  shuffle: {value: true, type: boolean}"), "parameters.shuffle.type: expected int, float, str or bool, got 'boolean'"),
        Arguments.of(command("  shuffle:", "  shuffle: {value: 3, type: bool}"), "parameters.shuffle.value: expected true or false (type bool), got 3"),
        Arguments.of(command("  shuffle:", "  shuffle: {value: {a: 1}}"), "parameters.shuffle.value: expected a string, number, boolean or list, got '{\"a\":1}'"),
        Arguments.of(command("  shuffle:", "  shuffle: {value: null}"), "parameters.shuffle.value: expected a value, got nothing"),
        Arguments.of(command("  shuffle:", "  shuffle: {value: true, step: 1}"), "parameters.shuffle.step: expected a known field, one of"
            + " [distribution, max, min, type, value, values, when], got 'step'"),
        Arguments.of(command("  steps:", "  steps: {values: [10, 2.5], type: int}"), "parameters.steps.values[1]: expected an integer (type int), got 2.5"),
        Arguments.of(command("  steps:", "  steps: {values: []}"), "parameters.steps.values: expected a non-empty list, got []"),
        Arguments.of(command("  dropout:", "  dropout: {min: 0, max: x, type: float}"), "parameters.dropout.max: expected a number, got 'x'"),
        Arguments.of(command("  dropout:", "  dropout: {values: [0.1, abc], type: float}"), "parameters.dropout.values[1]: expected a number (type float), got 'abc'"),
        Arguments.of(command("  optimizer:", "  optimizer: {min: a, max: b, type: str}"), "parameters.optimizer.type: expected int or float"
            + " with min and max (a str parameter takes value or values), got 'str'"),
        Arguments.of(command("  width:", "  width: {min: 0.5, max: 8, type: int}"), "parameters.width.min: expected an integer, got 0.5"),
        Arguments.of(command("  width:", "  width: {min: 0, max: 256, distribution: log_uniform}"), "parameters.width.min: expected an integer > 0, got 0"),
        Arguments.of(command("  learning_rate:", "  learning_rate: {min: 0, max: 0.1, distribution: log_uniform}"),
            "parameters.learning_rate.min: expected a number > 0, got 0"),
        Arguments.of(command("  learning_rate:", "  learning_rate: {min: 0.1, max: 0.01}"),
            "parameters.learning_rate.max: expected a number greater than min (0.1), got 0.01"),
        Arguments.of(command("  width:", "  width: {min: 8, max: 8}"), "parameters.width.max: expected an integer greater than min (8), got 8"),
        Arguments.of(command("  width:", "  width: {min: 8}"), "parameters.width.max: expected a value (required), got nothing"),
        Arguments.of(command("  shuffle:", "  shuffle: {value: true, distribution: log_uniform}"),
            "parameters.shuffle.distribution: expected only with min and max, got 'log_uniform'"),
        Arguments.of(command("  momentum:", "  momentum: {min: 0.8, max: 0.99, distribution: normal}"),
            "parameters.momentum.distribution: expected uniform or log_uniform, got 'normal'"),
        // Conditional parameters: the parent comes first, lists its values, and the condition names some of them.
        Arguments.of(command("  momentum:", "  momentum: {min: 0.8, max: 0.99, when: {optimizer: sgd}}"),
            "parameters.momentum.when: expected a parameter declared before momentum (learning_rate, layers, width, dropout), got 'optimizer'"),
        Arguments.of(command("  decay:", "  decay: {value: 1e-5, when: {solver: sgd}}"),
            "parameters.decay.when: expected a parameter declared before decay (learning_rate, layers, width, dropout, momentum,"
            + " optimizer, shuffle, label_smoothing, tag, sizes), got 'solver'"),
        Arguments.of(command("  decay:", "  decay: {value: 1e-5, when: {width: 16}}"),
            "parameters.decay.when.width: expected a parameter with value or values (a condition names some of its values;"
            + " width is a range), got 'width'"),
        Arguments.of(command("  decay:", "  decay: {value: 1e-5, when: {optimizer: rmsprop}}"),
            "parameters.decay.when.optimizer: expected one of optimizer's values [adam, sgd], got 'rmsprop'"),
        Arguments.of(command("  decay:", "  decay: {value: 1e-5, when: {optimizer: []}}"),
            "parameters.decay.when.optimizer: expected one of optimizer's values, or a non-empty list of them, got []"),
        Arguments.of(command("  decay:", "  decay: {value: 1e-5, when: {optimizer: sgd, shuffle: true}}"),
            "parameters.decay.when: expected one parameter and its value(s), e.g. {optimizer: sgd} or {optimizer: [sgd, rmsprop]},"
            + " got '{\"optimizer\":\"sgd\",\"shuffle\":true}'"),
        Arguments.of(command("  decay:", "  decay: {value: 1e-5, when: {optimizer: sgd}}").replace("method: random", "method: grid")
            .replace("max_trials: 4\n", ""), "parameters.decay.when: expected no conditions with method grid (use random or bayes),"
            + " got 'a condition'"),
        Arguments.of(CONDITIONAL_PLACEHOLDER, "trainer.command: expected no {momentum} placeholder: parameter momentum has a"
            + " condition (when), so some trials have no value for it; read it from BT_HP_MOMENTUM or the hyperparameters file,"
            + " which hold it only where it applies, got '{momentum}'"),
        Arguments.of("""
            name: fixed
            trainer: {command: [sh, t.sh]}
            data: file:///d.csv
            objective: {metric: loss, goal: minimize}
            method: bayes
            max_trials: 4
            parameters:
              x: {value: 1}
            """, "parameters: expected at least one parameter with values or min and max with method bayes (there is nothing"
            + " to search), got [x]"));
  }

  private static final String CONDITIONAL_PLACEHOLDER = """
      name: cond
      trainer: {command: [python3, train.py, "{optimizer}", "{momentum}"]}
      data: file:///d.csv
      objective: {metric: loss, goal: minimize}
      method: random
      max_trials: 4
      parameters:
        optimizer: {values: [adam, sgd]}
        momentum: {min: 0.5, max: 0.99, when: {optimizer: sgd}}
      """;

  @Test
  void readsBayesWithConditionalParametersAndDrawsThemOnlyWhereTheyApply() {
    String text = command("  decay:", "  decay: {min: 1e-6, max: 1e-3, distribution: log_uniform, when: {optimizer: [sgd]}}")
        .replace("max_trials: 4", "max_trials: 40");
    SweepSpec bayes = reader.read(text.replace("method: random", "method: bayes"));
    assertTrue(bayes.adaptive());
    assertEquals(SpecReader.DEFAULT_BAYES_PARALLEL, bayes.maxParallel());
    assertEquals(java.util.Map.of("decay", new Condition("optimizer", List.of("sgd"))), bayes.conditions());

    SweepSpec random = reader.read(text);
    assertEquals(false, random.adaptive());
    List<java.util.Map<String, Object>> trials = new com.batchtrain.invoke.sweep.TrialPlanner().expand(random);
    assertEquals(40, trials.size());
    for (java.util.Map<String, Object> t : trials) {
      assertEquals("sgd".equals(t.get("optimizer")), t.containsKey("decay"), t.toString());
    }
    assertTrue(trials.stream().anyMatch(t -> t.containsKey("decay")) && trials.stream().anyMatch(t -> !t.containsKey("decay")));
  }

  @ParameterizedTest
  @MethodSource("malformedCommand")
  void rejectsAMalformedCommandTrainerNamingTheField(String yaml, String message) {
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
