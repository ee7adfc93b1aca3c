package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.Manifest;
import com.batchtrain.testsupport.TrainerJar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's Java trainer ({@code com.batchtrain.runtime.trainer.Trainer}) as a jar of its own, compiled
 * here from source so that it is on no class path but the one the sweep names: found by name with
 * ServiceLoader, run by the harness in the runtime's JVM with the command trainers' guarantees.
 */
class JavaTrainerTest {
  private static final String SWEEP = "java-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The toy trainer's source: compiled here, so it is on no class path but the one the sweep names. */
  static final Path SOURCE = Path.of("src/test/resources/java-trainer/ToyTrainer.java");

  @TempDir Path dir;
  Path results;
  Path project;

  @BeforeEach
  void setUp() throws Exception {
    results = dir.resolve("results");
    project = Files.createDirectories(dir.resolve("project"));
    TrainerJar.build(SOURCE, "com.batchtrain.runtime.trainer.Trainer", "com.example.ToyTrainer",
        System.getProperty("java.class.path"), project.resolve("toy.jar"));
    Files.writeString(dir.resolve("data.csv"), "x,y\n1,2\n");
  }

  private Map<String, String> sweep(String name, String mode) throws Exception {
    Path trials = dir.resolve("trials.json");
    Files.writeString(trials, """
        {"sweepId": "%s", "dataUri": "%s", "objective": {"metric": "val_loss", "goal": "minimize"},
         "trainer": {"java": "%s", "classpath": ["toy.jar"]},
         "trials": [{"trialId": "t0000", "hyperparameters": {"lr": 0.5, "epochs": 4, "mode": "%s"}}]}
        """.formatted(SWEEP, TrainingFixtures.fileUri(dir.resolve("data.csv")), name, mode));
    Map<String, String> env = new HashMap<>();
    env.put("BT_TRIALS_URI", TrainingFixtures.fileUri(trials));
    env.put("BT_RESULTS_URI", TrainingFixtures.fileUri(results) + "/");
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "0");
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs").toString());
    env.put("BT_CACHE_DIR", dir.resolve("cache").toString());
    env.put("BT_COMMAND_DIR", project.toString());
    return env;
  }

  private Path trialDir() {
    return results.resolve("sweeps").resolve(SWEEP).resolve("trials").resolve("t0000");
  }

  private RuntimeProcess.Result train(Map<String, String> env) throws Exception {
    return RuntimeProcess.run(dir.resolve("runtime-" + System.nanoTime() + ".log"), env, "train");
  }

  @Test
  void aJavaTrainerFromItsOwnJarIsFoundByNameAndPublishedLikeACommandTrainer() throws Exception {
    RuntimeProcess.Result r = train(sweep("toy", "normal"));
    assertEquals(0, r.exitCode(), r.output());
    Manifest m = Manifest.fromJson(Files.readAllBytes(trialDir().resolve("manifest.json")));
    assertEquals(1.0 / 20, m.metrics().get("val_loss"), 1e-9);
    assertEquals("4", Files.readString(trialDir().resolve("checkpoint/epoch")));
    assertTrue(Files.readString(trialDir().resolve("output/hyperparameters.txt")).contains("lr=0.5"));
    assertTrue(r.output().contains("Java trainer 'toy': com.example.ToyTrainer"), r.output());
  }

  @Test
  void aFailedJavaTrainerIsRetriedFromItsAnnouncedCheckpointAndItsExceptionsMapToTheContractsCodes() throws Exception {
    Map<String, String> env = sweep("toy", "fail-at-2");
    RuntimeProcess.Result failed = train(env);
    assertEquals(1, failed.exitCode(), failed.output());
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(trialDir().resolve("failures/attempt-001.json")));
    assertEquals("the trainer exited 1: toy: out of memory at epoch 2", record.reason());
    // resume (the local backend) or a retry re-runs it: it continues after the announced epoch 2.
    env.put("AWS_BATCH_JOB_ATTEMPT", "2");
    RuntimeProcess.Result resumed = train(env);
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.output().contains("toy: resuming after epoch 2"), resumed.output());
    List<Integer> epochs = new ArrayList<>();
    JSON.readTree(trialDir().resolve("history.json").toFile()).forEach(e -> epochs.add(e.path("epoch").asInt()));
    assertEquals(List.of(1, 2, 3, 4), epochs);

    env.put("AWS_BATCH_JOB_ATTEMPT", "3");
    Files.delete(trialDir().resolve("manifest.json"));
    RuntimeProcess.Result badData = train(sweep("toy", "bad-data"));
    assertEquals(65, badData.exitCode(), badData.output());
  }

  @Test
  void anUnknownJavaTrainerIsBadInputNamingTheOnesFound() throws Exception {
    RuntimeProcess.Result r = train(sweep("tiny", "normal"));
    assertEquals(64, r.exitCode(), r.output());
    JsonNode record = JSON.readTree(trialDir().resolve("failures/attempt-001.json").toFile());
    assertTrue(record.path("reason").asText().contains("no Java trainer named 'tiny'")
        && record.path("reason").asText().contains("[toy]"), record.toString());
  }
}
