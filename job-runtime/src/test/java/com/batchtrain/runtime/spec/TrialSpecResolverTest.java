package com.batchtrain.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.TrialsFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrialSpecResolverTest {
  private static final TrialsFile TRIALS = new TrialsFile("sweep-1", "calcloud-memory", "s3://data-bucket/calcloud/",
      new Objective("val_r2", Objective.Goal.MAXIMIZE), List.of(
          new TrialsFile.Trial("t0000", Map.of("epochs", 3)),
          new TrialsFile.Trial("t0001", Map.of("epochs", 4, "learning_rate", 0.01))));

  private static TrainRequest request(Map<String, String> hp) {
    return new TrainRequest(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), hp, 1, 0, 3);
  }

  private final AtomicInteger reads = new AtomicInteger();

  private TrialSpecResolver resolver(Map<String, String> env) {
    return new TrialSpecResolver(env, uri -> {
      reads.incrementAndGet();
      assertEquals(StorageUri.parse("s3://results-bucket/sweeps/sweep-1/trials.json"), uri);
      return TRIALS.toJson();
    });
  }

  private static Map<String, String> batchEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("BT_RESULTS_URI", "s3://results-bucket/");
    env.put("BT_TRIALS_URI", "s3://results-bucket/sweeps/sweep-1/trials.json");
    env.put("BT_SWEEP_ID", "sweep-1");
    return env;
  }

  @Test
  void arrayIndexPicksTheTrialAndItsHyperparameters() {
    Map<String, String> env = batchEnv();
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "1");
    env.put("BT_TRIAL_INDEX", "0");
    TrialSpec spec = resolver(env).resolve(request(Map.of()));
    assertEquals("t0001", spec.trialId().value());
    assertEquals(4, spec.hyperparameters().epochs());
    assertEquals(0.01, spec.hyperparameters().learningRate());
    assertEquals("calcloud-memory", spec.preset().name());
    assertEquals(new Objective("val_r2", Objective.Goal.MAXIMIZE), spec.objective());
    assertEquals(StorageUri.parse("s3://data-bucket/calcloud/"), spec.dataUri());
  }

  @Test
  void trialIndexWithoutArrayJobAndDataOverride() {
    Map<String, String> env = batchEnv();
    env.put("BT_TRIAL_INDEX", "0");
    env.put("BT_DATA_URI", "file:///cache/data/");
    TrialSpec spec = resolver(env).resolve(request(Map.of()));
    assertEquals("t0000", spec.trialId().value());
    assertEquals(StorageUri.parse("file:///cache/data/"), spec.dataUri());
  }

  @Test
  void problemsNameTheField() {
    Map<String, String> env = batchEnv();
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "7");
    assertEquals("trial index", assertThrows(InvalidValueException.class, () -> resolver(env).resolve(request(Map.of()))).field());

    Map<String, String> noIndex = batchEnv();
    assertTrue(assertThrows(InvalidValueException.class, () -> resolver(noIndex).resolve(request(Map.of()))).field()
        .contains("AWS_BATCH_JOB_ARRAY_INDEX"));

    Map<String, String> otherSweep = batchEnv();
    otherSweep.put("BT_SWEEP_ID", "sweep-2");
    otherSweep.put("BT_TRIAL_INDEX", "0");
    assertTrue(assertThrows(InvalidValueException.class, () -> resolver(otherSweep).resolve(request(Map.of()))).field()
        .contains("BT_SWEEP_ID"));

    Map<String, String> withHp = batchEnv();
    withHp.put("BT_TRIAL_INDEX", "0");
    reads.set(0);
    assertEquals("--hp", assertThrows(InvalidValueException.class, () -> resolver(withHp).resolve(request(Map.of("epochs", "2")))).field());
    assertEquals(0, reads.get(), "rejected before reading the trials file");

    Map<String, String> noResults = new HashMap<>();
    assertTrue(assertThrows(InvalidValueException.class, () -> resolver(noResults).resolve(request(Map.of()))).field()
        .contains("BT_RESULTS_URI"));
  }

  @Test
  void singleTrialFromOptions() {
    TrainRequest r = new TrainRequest(Optional.empty(), Optional.empty(), Optional.of("3"), Optional.of("calcloud-wallclock"),
        Optional.of("file:///data/calcloud.csv"), Optional.of("file:///results/"), Optional.empty(), Optional.of("/runs"),
        Optional.of("val_mae:minimize"), Map.of("hidden_units", "32,16", "optimizer", "sgd"), 2, 5, 1);
    TrialSpec spec = new TrialSpecResolver(Map.of(), uri -> {
      throw new AssertionError("no trials file to read");
    }).resolve(r);
    assertEquals("local", spec.sweepId().value());
    assertEquals("t0003", spec.trialId().value());
    assertEquals(List.of(32, 16), spec.hyperparameters().hiddenUnits());
    assertEquals(java.nio.file.Path.of("/runs/local/t0003"), spec.runDir());
    assertEquals("val_mae", spec.objective().metric());
    assertEquals(2, spec.checkpointPolicy().everyEpochs());
  }

  private static TrainRequest declared(Optional<String> preset, Optional<String> trials, ModelOptions model) {
    return new TrainRequest(Optional.empty(), trials, Optional.of("0"), preset, Optional.of("file:///data/mine.csv"),
        Optional.of("s3://results-bucket/"), Optional.empty(), Optional.of("/runs"), Optional.empty(), Map.of(), 1, 0, 3, model);
  }

  private static ModelOptions options(String task, String features, String target, String classes, String names) {
    return new ModelOptions(Optional.ofNullable(task), Optional.ofNullable(features), Optional.ofNullable(target),
        Optional.ofNullable(classes), Optional.ofNullable(names));
  }

  private static TrialSpecResolver noTrialsFile() {
    return new TrialSpecResolver(Map.of(), uri -> {
      throw new AssertionError("no trials file to read");
    });
  }

  @Test
  void modelDeclaredByOptionsBecomesACustomPreset() {
    TrialSpec spec = noTrialsFile().resolve(declared(Optional.empty(), Optional.empty(),
        options("classification", "a, b,c", "y", "3", null)));
    assertEquals(com.batchtrain.contract.preset.Presets.CUSTOM_CLASSIFIER, spec.preset().name());
    assertEquals(List.of("a", "b", "c"), spec.preset().model().features());
    assertEquals("y", spec.preset().model().target());
    assertEquals(3, spec.preset().model().classes());
    assertEquals(null, spec.preset().model().classNames(), "class0.. come with the data (or string labels)");

    TrialSpec fromData = noTrialsFile().resolve(declared(Optional.empty(), Optional.empty(),
        new ModelOptions(Optional.of("classification"), Optional.empty(), Optional.of("y"), Optional.empty(), Optional.empty(),
            Optional.of("id, note"))));
    assertTrue(fromData.preset().model().featuresFromData());
    assertEquals(List.of("id", "note"), fromData.preset().model().ignoredColumns());
    assertEquals(null, fromData.preset().model().classes(), "inferred from the data");
    assertEquals(new Objective("val_loss", Objective.Goal.MINIMIZE), spec.objective());

    TrialSpec reg = noTrialsFile().resolve(declared(Optional.empty(), Optional.empty(), options("regression", "a", "y", null, null)));
    assertEquals(com.batchtrain.contract.preset.Presets.CUSTOM_REGRESSOR, reg.preset().name());
    assertEquals(List.of("val_loss", "val_rmse", "val_mae", "val_r2"), reg.preset().validationMetrics());
  }

  @Test
  void modelOptionProblemsNameTheOption() {
    java.util.function.Function<ModelOptions, String> field = o -> assertThrows(InvalidValueException.class,
        () -> noTrialsFile().resolve(declared(Optional.empty(), Optional.empty(), o))).field();
    assertEquals("--task", field.apply(options(null, "a", "y", null, null)));
    assertEquals("--task", field.apply(options("ranking", "a", "y", null, null)));
    assertEquals("--features", field.apply(options("regression", "a,,b", "y", null, null)));
    assertEquals("--features", field.apply(options("regression", "a,a", "y", null, null)));
    assertEquals("--target", field.apply(options("regression", "a", null, null, null)));
    assertEquals("--target", field.apply(options("regression", "a,y", "y", null, null)));
    assertEquals("--classes", field.apply(options("classification", "a", "y", "three", null)));
    assertEquals("--classes", field.apply(options("regression", "a", "y", "2", null)));
    assertEquals("--class-names", field.apply(options("classification", "a", "y", "2", "lo,mid,hi")));
    assertEquals("--class-names", field.apply(options("classification", "a", "y", null, "only")));
    assertEquals("--classes", field.apply(options("classification", "a", "y", "1", null)));
    assertEquals("--ignore", field.apply(new ModelOptions(Optional.of("regression"), Optional.of("a"), Optional.of("y"),
        Optional.empty(), Optional.empty(), Optional.of("b"))));
    assertEquals("--ignore", field.apply(new ModelOptions(Optional.of("regression"), Optional.empty(), Optional.of("y"),
        Optional.empty(), Optional.empty(), Optional.of("y"))));
    InvalidValueException both = assertThrows(InvalidValueException.class, () -> noTrialsFile().resolve(
        declared(Optional.of("calcloud-memory"), Optional.empty(), options(null, "a", null, null, null))));
    assertTrue(both.field().contains("--preset") && both.field().contains("--features"), both.field());
  }

  @Test
  void trialsFileModelIsUsedUnlessAnOptionReplacesIt() {
    ModelSpec model = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("x1", "x2"), "label", 2, List.of("no", "yes"));
    TrialsFile file = TrialsFile.ofModel("sweep-1", model, "file:///data/mine.csv",
        new Objective("val_macro_f1", Objective.Goal.MAXIMIZE), List.of(new TrialsFile.Trial("t0000", Map.of("epochs", 2))));
    TrialSpecResolver r = new TrialSpecResolver(Map.of(), uri -> file.toJson());
    Optional<String> trials = Optional.of("s3://results-bucket/sweeps/sweep-1/trials.json");
    TrialSpec spec = r.resolve(declared(Optional.empty(), trials, ModelOptions.none()));
    assertEquals(com.batchtrain.contract.preset.Presets.CUSTOM_CLASSIFIER, spec.preset().name());
    assertEquals(List.of("no", "yes"), spec.preset().model().classNames());
    assertEquals("val_macro_f1", spec.objective().metric());
    // A regressor option replaces the file's classifier, and the file's classifier objective no longer fits it.
    assertEquals("objective.metric", assertThrows(InvalidValueException.class,
        () -> r.resolve(declared(Optional.empty(), trials, options("regression", "x1", "x2", null, null)))).field());
  }
}
