package com.batchtrain.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
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
}
