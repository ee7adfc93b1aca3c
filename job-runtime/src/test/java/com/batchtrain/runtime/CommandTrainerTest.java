package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.Manifest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness around a command trainer, in real JVMs as Batch and the local backend start it, with
 * a real trainer process ({@code src/test/resources/command-trainer/train.sh}, POSIX sh and awk):
 * the three ways hyperparameters arrive, metrics, announced checkpoints, resume, SIGTERM, failures.
 */
class CommandTrainerTest {
  private static final String SWEEP = "command-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path results;
  Path trainer;
  Path trainerLog;
  Path data;

  @BeforeEach
  void setUp() throws Exception {
    results = dir.resolve("results");
    trainer = dir.resolve("trainer/train.sh");
    Files.createDirectories(trainer.getParent());
    Files.copy(Path.of("src/test/resources/command-trainer/train.sh"), trainer, StandardCopyOption.REPLACE_EXISTING);
    trainer.toFile().setExecutable(true);
    trainerLog = dir.resolve("trainer.log");
    data = dir.resolve("data.csv");
    Files.writeString(data, "x,y\n1,2\n");
  }

  /** A one-trial command sweep: {@code sh train.sh {lr} {epochs}}, run in the trainer's directory. */
  private Map<String, String> sweep(int epochs) throws Exception {
    Path trials = dir.resolve("trials.json");
    Files.writeString(trials, """
        {"sweepId": "%s", "dataUri": "%s", "objective": {"metric": "val_loss", "goal": "minimize"},
         "trainer": {"command": ["sh", "train.sh", "{lr}", "{epochs}"]},
         "trials": [{"trialId": "t0000", "hyperparameters":
           {"lr": 0.5, "epochs": %d, "layers": [64, 32], "optimizer": "sgd", "shuffle": true}}]}
        """.formatted(SWEEP, TrainingFixtures.fileUri(data), epochs));
    Map<String, String> env = new HashMap<>();
    env.put("BT_TRIALS_URI", TrainingFixtures.fileUri(trials));
    env.put("BT_RESULTS_URI", TrainingFixtures.fileUri(results) + "/");
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "0");
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs").toString());
    env.put("BT_CACHE_DIR", dir.resolve("cache").toString());
    env.put("BT_COMMAND_DIR", trainer.getParent().toString());
    env.put("TRAINER_LOG", trainerLog.toString());
    return env;
  }

  private Path trialDir() {
    return results.resolve("sweeps").resolve(SWEEP).resolve("trials").resolve("t0000");
  }

  private Manifest manifest() throws Exception {
    return Manifest.fromJson(Files.readAllBytes(trialDir().resolve("manifest.json")));
  }

  private RuntimeProcess.Result train(Map<String, String> env) throws Exception {
    return RuntimeProcess.run(dir.resolve("runtime-" + System.nanoTime() + ".log"), env, "train");
  }

  @Test
  void aCommandTrainerIsPublishedWithItsBestAnnouncedCheckpointAndGetsItsHyperparametersThreeWays() throws Exception {
    RuntimeProcess.Result r = train(sweep(3));
    assertEquals(0, r.exitCode(), r.output());
    Manifest m = manifest();
    // val_loss = 1/(10 * epoch * 0.5) falls every epoch: the last announced checkpoint is the best.
    assertEquals(1.0 / 15, m.metrics().get("val_loss"), 1e-6);
    assertEquals(3.0, m.metrics().get("selected_epoch"));
    assertEquals("weights of epoch 3\n", Files.readString(trialDir().resolve("checkpoint/weights.bin")));
    assertEquals("predictions of lr 0.5\n", Files.readString(trialDir().resolve("output/predictions.txt")));
    JsonNode history = JSON.readTree(trialDir().resolve("history.json").toFile());
    assertEquals(List.of(1, 2, 3), history.findValues("epoch").stream().map(JsonNode::intValue).toList());
    // Metrics of one epoch from two lines are merged; text members are not metrics.
    assertTrue(history.get(0).path("metrics").has("train_loss") && history.get(0).path("metrics").has("val_loss"), history.toString());
    assertFalse(history.get(0).path("metrics").has("note"), history.toString());
    JsonNode config = JSON.readTree(trialDir().resolve("config.json").toFile());
    assertEquals("[\"sh\",\"train.sh\",\"0.5\",\"3\"]", config.path("argv").toString());
    assertEquals(Map.of("lr", 0.5, "epochs", 3, "layers", List.of(64, 32), "optimizer", "sgd", "shuffle", true), m.hyperparameters());
    assertTrue(Files.exists(trialDir().resolve("metrics/epoch-0003.json")), "live epoch metrics");
    // TensorBoard's train/ and validation/ runs, one event per epoch, published with the trial.
    for (String run : List.of("train", "validation")) {
      assertTrue(m.files().stream().anyMatch(f -> f.path().startsWith("tensorboard/" + run + "/events.out.tfevents.")),
          m.files().toString());
    }

    String seen = Files.readString(trainerLog);
    assertTrue(seen.contains("argv lr=0.5 env lr=0.5 env layers=[64,32] env optimizer=sgd env shuffle=true"), seen);
    JsonNode file = JSON.readTree(seen.lines().filter(l -> l.startsWith("file ")).findFirst().orElseThrow().substring(5));
    assertTrue(file.path("lr").isDouble() && file.path("epochs").isInt() && file.path("shuffle").isBoolean()
        && file.path("layers").isArray() && file.path("optimizer").isTextual(), file.toString());
    assertTrue(seen.contains("data x,y"), "the staged dataset is at BT_DATA_PATH: " + seen);
    assertTrue(seen.contains("start 1 resume=none"), seen);
  }

  @Test
  void aRetryResumesFromTheNewestAnnouncedCheckpointNeverFromAHalfWrittenOneAndTheHistoryStaysContiguous() throws Exception {
    Map<String, String> env = sweep(5);
    env.put("TRAINER_MODE", "crash-after-2");
    RuntimeProcess.Result first = train(env);
    assertEquals(75, first.exitCode(), first.output());
    assertTrue(Files.notExists(trialDir().resolve("manifest.json")), "nothing published");
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(trialDir().resolve("failures/attempt-001.json")));
    assertEquals(75, record.exitCode());
    assertTrue(record.reason().contains("the trainer exited 75"), record.reason());

    env.put("AWS_BATCH_JOB_ATTEMPT", "2");
    RuntimeProcess.Result second = train(env);
    assertEquals(0, second.exitCode(), second.output());
    String seen = Files.readString(trainerLog);
    // ckpt-3 was being written when the first attempt died and was never announced: not restored.
    assertTrue(seen.lines().anyMatch(l -> l.startsWith("start 3 resume=") && l.endsWith("/ckpt-2 checkpoints=ckpt-2 ")), seen);
    JsonNode history = JSON.readTree(trialDir().resolve("history.json").toFile());
    assertEquals(List.of(1, 2, 3, 4, 5), history.findValues("epoch").stream().map(JsonNode::intValue).toList());
    assertEquals(1.0 / 25, manifest().metrics().get("val_loss"), 1e-6);
  }

  @Test
  void aRetryOnAHostWithoutTheRunDirectoryRestoresFromTheResultsStoreMirror() throws Exception {
    Map<String, String> env = sweep(4);
    env.put("TRAINER_MODE", "crash-after-2");
    assertEquals(75, train(env).exitCode());
    // A new host: the run directory (EFS on Batch, a temp dir locally) is gone, the results store is not.
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("other-host-runs").toString());
    RuntimeProcess.Result second = train(env);
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(Files.readString(trainerLog).lines().anyMatch(l -> l.startsWith("start 3 ") && l.contains("checkpoints=ckpt-2 ")),
        Files.readString(trainerLog));
    assertEquals(List.of(1, 2, 3, 4), JSON.readTree(trialDir().resolve("history.json").toFile()).findValues("epoch").stream()
        .map(JsonNode::intValue).toList());
  }

  @Test
  void sigtermIsForwardedAndTheTrainersFinalCheckpointIsWhereTheRetryResumes() throws Exception {
    Map<String, String> env = sweep(3);
    env.put("TRAINER_MODE", "honour-term");
    RuntimeProcess p = RuntimeProcess.start(dir.resolve("term.log"), env, "train");
    awaitLine("waiting at 1");
    p.process().destroy();
    RuntimeProcess.Result stopped = p.await(60);
    assertEquals(75, stopped.exitCode(), stopped.output());
    assertTrue(Files.readString(trainerLog).contains("term at 1"), Files.readString(trainerLog));

    env.put("TRAINER_MODE", "normal");
    env.put("AWS_BATCH_JOB_ATTEMPT", "2");
    RuntimeProcess.Result resumed = train(env);
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(Files.readString(trainerLog).lines().anyMatch(l -> l.startsWith("start 2 ") && l.contains("/ckpt-term")),
        Files.readString(trainerLog));
  }

  @Test
  void aTrainerThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    Map<String, String> env = sweep(3);
    env.put("TRAINER_MODE", "ignore-term");
    env.put("BT_STOP_GRACE_SECONDS", "2");
    RuntimeProcess p = RuntimeProcess.start(dir.resolve("deaf.log"), env, "train");
    awaitLine("waiting at 1");
    long start = System.nanoTime();
    p.process().destroy();
    RuntimeProcess.Result stopped = p.await(60);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(75, stopped.exitCode(), stopped.output());
    assertTrue(seconds >= 2 && seconds < 20, "killed after the 2 s grace, not after the trainer's 30 s sleep: " + seconds);
    assertTrue(Files.readString(trainerLog).contains("ignored TERM"), Files.readString(trainerLog));
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(trialDir().resolve("failures/attempt-001.json")));
    assertEquals(75, record.exitCode());
  }

  @Test
  void aTrainerThatNeverReportsTheObjectiveFailsWithTheMetricsItDidReport() throws Exception {
    Map<String, String> env = sweep(2);
    env.put("TRAINER_MODE", "no-objective");
    RuntimeProcess.Result r = train(env);
    assertEquals(1, r.exitCode(), r.output());
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(trialDir().resolve("failures/attempt-001.json")));
    assertTrue(record.reason().contains("never reported the objective 'val_loss'") && record.reason().contains("[loss, train_loss]"),
        record.reason());
    assertTrue(Files.notExists(trialDir().resolve("manifest.json")));
  }

  @Test
  void aMalformedMetricsLineIsAWarningNotACrash() throws Exception {
    Map<String, String> env = sweep(2);
    env.put("TRAINER_MODE", "malformed");
    RuntimeProcess.Result r = train(env);
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("metrics.jsonl:2: not JSON"), r.output());
    assertEquals(2.0, manifest().metrics().get("selected_epoch"));
  }

  @Test
  void aFailingTrainersFailureFileIsTheReasonAndItsContractCodesPassThrough() throws Exception {
    Map<String, String> env = sweep(1);
    env.put("TRAINER_MODE", "fail");
    RuntimeProcess.Result failed = train(env);
    assertEquals(1, failed.exitCode(), failed.output());
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(trialDir().resolve("failures/attempt-001.json")));
    assertEquals("the trainer exited 3: CUDA out of memory (tried to allocate 2.00 GiB)", record.reason());

    env.put("TRAINER_MODE", "bad-data");
    env.put("AWS_BATCH_JOB_ATTEMPT", "2");
    RuntimeProcess.Result badData = train(env);
    assertEquals(65, badData.exitCode(), badData.output());
    assertTrue(FailureRecord.fromJson(Files.readAllBytes(trialDir().resolve("failures/attempt-002.json"))).reason()
        .contains("column 'leaf' is missing"));
    try (Stream<Path> files = Files.list(trialDir())) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().equals("manifest.json")));
    }
  }

  @Test
  void metricsCanComeFromTheCommandsOutputForCodeThatCannotWriteTheMetricsFile() throws Exception {
    Files.writeString(trainer.getParent().resolve("keras-like.sh"), """
        for e in 1 2 3; do echo "Epoch $e/3 - 1s - loss: 0.$((10 - e)) - val_loss: 0.$((9 - e))"; done
        echo "Epoch 4/3 - nonsense - val_loss: n/a"
        """);
    Map<String, String> env = sweep(1);
    Path trials = dir.resolve("keras-like-trials.json");
    Files.writeString(trials, """
        {"sweepId": "%s", "dataUri": "%s", "objective": {"metric": "val_loss", "goal": "minimize"},
         "trainer": {"command": ["sh", "keras-like.sh"],
                     "stdoutMetrics": {"pattern": "Epoch (\\\\d+)/\\\\d+ .*val_loss: (\\\\S+)", "groups": ["epoch", "val_loss"]}},
         "trials": [{"trialId": "t0000", "hyperparameters": {}}]}
        """.formatted(SWEEP, TrainingFixtures.fileUri(data)));
    env.put("BT_TRIALS_URI", TrainingFixtures.fileUri(trials));
    RuntimeProcess.Result r = train(env);
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Epoch 2/3 - 1s - loss: 0.8 - val_loss: 0.7"), "the output is passed on: " + r.output());
    Manifest m = manifest();
    assertEquals(0.6, m.metrics().get("val_loss"), 1e-9);
    assertEquals(3.0, m.metrics().get("selected_epoch"));
    assertEquals(List.of(1, 2, 3, 4), JSON.readTree(trialDir().resolve("history.json").toFile()).findValues("epoch").stream()
        .map(JsonNode::intValue).toList(), "epoch 4's text value is no metric, its epoch still counts");
  }

  private void awaitLine(String line) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!(Files.exists(trainerLog) && Files.readString(trainerLog).contains(line))) {
      assertTrue(System.nanoTime() < deadline, "the trainer never logged '" + line + "'");
      Thread.sleep(50);
    }
  }
}
