package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs interrupted the way Batch does it: SIGKILL (host loss) and SIGTERM (spot reclaim,
 * cancel). The restarted job must continue from its last checkpoint and finish.
 */
class InterruptedTrainingTest {
  private static final int EPOCHS = 40;
  private static final Pattern RESUMED = Pattern.compile("resuming from checkpoint \\S+: epoch (\\d+), batch (\\d+)");

  @TempDir static Path dir;
  static Path csv;

  @BeforeAll
  static void data() throws Exception {
    csv = TrainingFixtures.calcloudCsv(dir, 12000, 5);
  }

  private static String[] trainArgs(Path results, Path runs) {
    return new String[] {"train", "--preset", "calcloud-memory-bin", "--data", TrainingFixtures.fileUri(csv),
        "--hp", "epochs=" + EPOCHS, "--hp", "batch_size=32", "--hp", "dropout=0.1", "--checkpoint-every-minutes", "0"};
  }

  private static Map<String, String> env(Path results, Path runs, String sweep) {
    return Map.of("BT_RESULTS_URI", TrainingFixtures.fileUri(results), "BT_CHECKPOINT_ROOT", runs.toString(), "BT_SWEEP_ID", sweep);
  }

  private static void awaitFile(Path file, RuntimeProcess p) throws Exception {
    for (int i = 0; i < 2400 && !Files.exists(file); i++) {
      assertTrue(p.process().isAlive(), () -> "runtime exited early:\n" + output(p));
      Thread.sleep(50);
    }
    assertTrue(Files.exists(file), "timed out waiting for " + file);
  }

  private static String output(RuntimeProcess p) {
    try {
      return p.output();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static void assertCompleteHistory(Path results, String sweep) throws Exception {
    JsonNode history = ContractJson.mapper().readTree(
        results.resolve("sweeps/" + sweep + "/trials/t0000/history.json").toFile());
    List<Integer> epochs = new ArrayList<>();
    history.forEach(h -> epochs.add(h.path("epoch").asInt()));
    List<Integer> expected = new ArrayList<>();
    for (int e = 1; e <= EPOCHS; e++) {
      expected.add(e);
    }
    assertEquals(expected, epochs, "one history record per epoch, none lost or repeated across the restart");
    assertTrue(TrainingFixtures.manifest(results, sweep, "t0000").metrics().get("test_balanced_accuracy") > 0.65);
  }

  @Test
  void killedJobResumesFromLastCheckpointAndFinishes() throws Exception {
    Path results = dir.resolve("kill-results");
    Path runs = dir.resolve("kill-runs");
    RuntimeProcess first = RuntimeProcess.start(dir.resolve("kill-1.log"), env(results, runs, "kill"), trainArgs(results, runs));
    awaitFile(results.resolve("sweeps/kill/trials/t0000/metrics/epoch-0004.json"), first);
    first.process().destroyForcibly();
    assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, first.process().exitValue(), "SIGKILL");
    assertTrue(!Files.exists(results.resolve("sweeps/kill/trials/t0000/manifest.json")), "killed trial must not look finished");
    // The live TensorBoard log is in the results store while the trial trains: epochs 1-3 at least.
    List<Path> live = eventFiles(results.resolve("sweeps/kill/trials/t0000/tensorboard/validation"));
    assertEquals(1, live.size(), live.toString());
    assertTrue(TrialArtifacts.records(live.get(0)).size() >= 1 + 3, "live validation log of the killed run");

    RuntimeProcess.Result second = RuntimeProcess.run(dir.resolve("kill-2.log"), env(results, runs, "kill"), trainArgs(results, runs));
    assertEquals(0, second.exitCode(), second.output());
    Matcher m = RESUMED.matcher(second.output());
    assertTrue(m.find(), second.output());
    assertTrue(Integer.parseInt(m.group(1)) >= 4, "resumed at epoch " + m.group(1) + ", not from scratch");
    assertCompleteHistory(results, "kill");
    // The resumed session replaced the killed one's event files: one pair holding every epoch once.
    Path trialDir = results.resolve("sweeps/kill/trials/t0000");
    TrialArtifacts.assertTensorBoard(TrainingFixtures.manifest(results, "kill", "t0000"), trialDir, EPOCHS);
    assertEquals(1, eventFiles(trialDir.resolve("tensorboard/train")).size());
    assertEquals(1, eventFiles(trialDir.resolve("tensorboard/validation")).size());
  }

  private static List<Path> eventFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
    }
  }

  @Test
  void sigtermWritesFinalCheckpointExitsTransientAndRetryResumes() throws Exception {
    Path results = dir.resolve("term-results");
    Path runs = dir.resolve("term-runs");
    RuntimeProcess first = RuntimeProcess.start(dir.resolve("term-1.log"), env(results, runs, "term"), trainArgs(results, runs));
    awaitFile(results.resolve("sweeps/term/trials/t0000/metrics/epoch-0003.json"), first);
    first.process().destroy();
    // Beyond the runtime's own 60 s SIGTERM grace, so a slow final checkpoint still ends the process first.
    assertTrue(first.process().waitFor(120, TimeUnit.SECONDS), () -> "no exit within 120 s of SIGTERM:\n" + output(first));
    String out1 = first.output();
    assertEquals(ExitCode.TRANSIENT.code(), first.process().exitValue(), out1);
    assertTrue(out1.contains("stop requested: saved checkpoint"), out1);

    // The newest checkpoint is the stop checkpoint: taken between batches, so it carries no validation metrics.
    Path newest;
    try (Stream<Path> s = Files.list(runs.resolve("term/t0000"))) {
      newest = s.filter(p -> p.getFileName().toString().matches("\\d{10}")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    JsonNode state = ContractJson.mapper().readTree(newest.resolve("state.json").toFile());
    assertTrue(state.path("validation").isEmpty(), state.toString());
    assertTrue(Files.exists(newest.resolve("COMPLETE")));

    RuntimeProcess.Result second = RuntimeProcess.run(dir.resolve("term-2.log"), env(results, runs, "term"), trainArgs(results, runs));
    assertEquals(0, second.exitCode(), second.output());
    Matcher m = RESUMED.matcher(second.output());
    assertTrue(m.find(), second.output());
    assertEquals(state.path("epoch").asInt() + 1, Integer.parseInt(m.group(1)));
    assertEquals(state.path("nextBatch").asInt(), Integer.parseInt(m.group(2)));
    assertCompleteHistory(results, "term");
  }
}
