package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Manifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping decided inside each trial from the rung records in the results store, as the
 * trials of a sweep run one after another (the order a sweep with one slot runs them): a trial that
 * falls out of the best at a rung stops, publishes what it has with {@code pruned} in its manifest
 * and exits 0 (so Batch does not retry it), for the built-in trainer and for a command trainer.
 */
class EarlyStoppingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Map<String, String> env(Path trials, int index) {
    Map<String, String> env = new HashMap<>();
    env.put("BT_TRIALS_URI", TrainingFixtures.fileUri(trials));
    env.put("BT_RESULTS_URI", TrainingFixtures.fileUri(dir.resolve("results")) + "/");
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", Integer.toString(index));
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs").toString());
    env.put("BT_CACHE_DIR", dir.resolve("cache").toString());
    return env;
  }

  private Manifest manifest(String sweep, String trial) throws Exception {
    return Manifest.fromJson(Files.readAllBytes(dir.resolve("results/sweeps").resolve(sweep).resolve("trials").resolve(trial)
        .resolve("manifest.json")));
  }

  @Test
  void aCommandTrialOutOfTheBestAtARungStopsAndPublishesWhatItHas() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.copy(Path.of("src/test/resources/command-trainer/train.sh"), project.resolve("train.sh"), StandardCopyOption.REPLACE_EXISTING);
    Path data = Files.writeString(dir.resolve("data.csv"), "x,y\n1,2\n");
    Path trials = dir.resolve("trials.json");
    // val_loss = 1/(10 * epoch * lr): t0000 is the best at every epoch, t0001 worse than it from the first.
    Files.writeString(trials, """
        {"sweepId": "asha-1", "dataUri": "%s", "objective": {"metric": "val_loss", "goal": "minimize"},
         "trainer": {"command": ["sh", "train.sh", "{lr}", "{epochs}"]},
         "earlyStopping": {"method": "asha", "grace": 1, "reduction": 2, "max": 4},
         "trials": [{"trialId": "t0000", "hyperparameters": {"lr": 0.5, "epochs": 4}},
                    {"trialId": "t0001", "hyperparameters": {"lr": 0.1, "epochs": 4}}]}
        """.formatted(TrainingFixtures.fileUri(data)));
    for (int i = 0; i < 2; i++) {
      Map<String, String> env = env(trials, i);
      env.put("BT_COMMAND_DIR", project.toString());
      // t0001 waits after each epoch (as a real trainer takes its time), so the stop reaches it mid-run;
      // on SIGTERM it announces a last checkpoint and exits.
      env.put("TRAINER_MODE", i == 1 ? "honour-term" : "normal");
      RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("t" + i + ".log"), env, "train");
      assertEquals(0, r.exitCode(), r.output());
    }
    assertNull(manifest("asha-1", "t0000").pruned(), "the best trial trains all its epochs");
    Manifest pruned = manifest("asha-1", "t0001");
    assertNotNull(pruned.pruned());
    assertEquals(1, pruned.pruned().epoch());
    assertEquals(4, pruned.pruned().plannedEpochs());
    assertEquals("early stopping (asha): val_loss 1.0 at epoch 1 against the 2 value(s) recorded there (best 0.2)",
        pruned.pruned().reason());
    assertEquals(1.0, pruned.metrics().get("val_loss"), 1e-9, "it publishes the best it has");
    assertTrue(Files.exists(dir.resolve("results/sweeps/asha-1/pruning/epoch-0001/t0001.json")));
    assertTrue(Files.exists(dir.resolve("results/sweeps/asha-1/pruning/epoch-0002/t0000.json")));
  }

  @Test
  void aBuiltInTrialOutOfTheBestAtARungStopsAfterThatEpochWithItsCheckpointPublished() throws Exception {
    Path csv = TrainingFixtures.calcloudCsv(dir, 1500, 5);
    Path trials = dir.resolve("trials.json");
    // The same net twice but for a learning rate too small to learn anything in one epoch.
    Files.writeString(trials, """
        {"sweepId": "asha-2", "preset": "calcloud-memory-bin", "dataUri": "%s",
         "objective": {"metric": "val_loss", "goal": "minimize"},
         "earlyStopping": {"method": "asha", "grace": 1, "reduction": 3, "max": 6},
         "trials": [{"trialId": "t0000", "hyperparameters": {"learning_rate": 0.02, "epochs": 6, "batch_size": 64, "hidden_units": [16]}},
                    {"trialId": "t0001", "hyperparameters": {"learning_rate": 0.00001, "epochs": 6, "batch_size": 64, "hidden_units": [16]}}]}
        """.formatted(TrainingFixtures.fileUri(csv)));
    for (int i = 0; i < 2; i++) {
      RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("b" + i + ".log"), env(trials, i), "train");
      assertEquals(0, r.exitCode(), r.output());
    }
    assertNull(manifest("asha-2", "t0000").pruned());
    Manifest pruned = manifest("asha-2", "t0001");
    assertNotNull(pruned.pruned(), "t0001 at epoch 1 is behind t0000's epoch 1");
    assertEquals(1, pruned.pruned().epoch());
    assertEquals(6, pruned.pruned().plannedEpochs());
    assertEquals(1.0, pruned.metrics().get("selected_epoch"));
    List<Integer> epochs = new java.util.ArrayList<>();
    JSON.readTree(dir.resolve("results/sweeps/asha-2/trials/t0001/history.json").toFile()).forEach(e -> epochs.add(e.path("epoch").asInt()));
    assertEquals(List.of(1), epochs);
    assertTrue(pruned.files().stream().anyMatch(f -> f.path().startsWith("checkpoint/")), pruned.files().toString());
  }

  /**
   * A command trainer that never reports the objective at an epoch the rule checks would never be
   * stopped: the trial ends at that epoch with exit 64 (bad input, not retried) and a failure record
   * naming objective.metric and the metrics it did report, rather than training on unchecked.
   */
  @Test
  void aCommandTrialWithoutTheObjectiveWhereTheRuleChecksFailsAsBadInput() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project-no-objective"));
    Files.copy(Path.of("src/test/resources/command-trainer/train.sh"), project.resolve("train.sh"), StandardCopyOption.REPLACE_EXISTING);
    Path data = Files.writeString(dir.resolve("data.csv"), "x,y\n1,2\n");
    Path trials = dir.resolve("trials-no-objective.json");
    Files.writeString(trials, """
        {"sweepId": "asha-3", "dataUri": "%s", "objective": {"metric": "val_loss", "goal": "minimize"},
         "trainer": {"command": ["sh", "train.sh", "{lr}", "{epochs}"]},
         "earlyStopping": {"method": "asha", "grace": 1, "reduction": 2, "max": 4},
         "trials": [{"trialId": "t0000", "hyperparameters": {"lr": 0.5, "epochs": 4}}]}
        """.formatted(TrainingFixtures.fileUri(data)));
    Map<String, String> env = env(trials, 0);
    env.put("BT_COMMAND_DIR", project.toString());
    env.put("TRAINER_MODE", "no-objective");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("no-objective.log"), env, "train");

    assertEquals(64, r.exitCode(), r.output());
    Path failures = dir.resolve("results/sweeps/asha-3/trials/t0000/failures");
    try (var records = Files.list(failures)) {
      String record = Files.readString(records.findFirst().orElseThrow());
      assertTrue(record.contains("objective.metric: expected 'val_loss' in the trainer's metrics at epoch 1, an epoch early"
          + " stopping checks (asha): report it at every epoch, or remove early_stopping, got 'only [loss, train_loss]'"), record);
    }
    assertTrue(Files.notExists(dir.resolve("results/sweeps/asha-3/trials/t0000/manifest.json")));
  }
}
