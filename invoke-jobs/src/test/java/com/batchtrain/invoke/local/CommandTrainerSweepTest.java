package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import com.batchtrain.testsupport.RequiredTool;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command trainers through the real CLI and the real runtime on the local backend: the example
 * Python trainer's sweep end to end, and a trial killed with SIGKILL mid-training (as a lost host
 * kills it: the runtime and the trainer together) resumed from its last announced checkpoint.
 */
class CommandTrainerSweepTest {
  @TempDir Path tmp;

  private String[] common() {
    return new String[] {"--results", tmp.resolve("results").toString(), "--work-dir", tmp.resolve("work").toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--parallel", "2"};
  }

  /** The example as a user has it: its directory copied, so the sweep runs the command next to the spec. */
  private Path example(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("project").resolve(name));
    try (var files = Files.list(Path.of("..", "examples", name))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  @Test
  void theExamplePythonTrainerSweepsLocallyAndIsRankedReportedAndPublishedLikeTheBuiltInModel() throws Exception {
    RequiredTool.onPath("python3", "Debian package python3").require();
    Path dir = example("python-trainer");
    CliRun sweep = CliRun.of(concat(new String[] {"sweep", dir.resolve("sweep.yaml").toString()}, common()));
    assertEquals(0, sweep.exitCode(), sweep.toString());
    assertTrue(sweep.out().contains("6 of 6 trials finished"), sweep.out());
    SweepId id = onlySweep();

    CliRun csv = CliRun.of("results", id.value(), "--format", "csv", "--results", tmp.resolve("results").toString());
    List<String> lines = csv.out().lines().toList();
    assertEquals(7, lines.size(), csv.out());
    List<String> header = List.of(lines.get(0).split(","));
    assertTrue(header.contains("learning_rate") && header.contains("l2") && header.contains("val_loss"), csv.out());
    double best = Double.parseDouble(lines.get(1).split(",")[header.indexOf("val_loss")]);
    double last = Double.parseDouble(lines.get(6).split(",")[header.indexOf("val_loss")]);
    assertTrue(best <= last, csv.out());

    Path trial = tmp.resolve("results/sweeps").resolve(id.value()).resolve("trials/t0000");
    JsonNode manifest = ContractJson.mapper().readTree(trial.resolve("manifest.json").toFile());
    List<String> files = new ArrayList<>();
    manifest.path("files").forEach(f -> files.add(f.path("path").asText()));
    assertTrue(files.containsAll(List.of("checkpoint/model.json", "output/weights.json", "history.json", "config.json",
        "metrics.json")), files.toString());
    assertEquals(4, ContractJson.mapper().readTree(trial.resolve("history.json").toFile()).size());

    CliRun report = CliRun.of("report", id.value(), "--results", tmp.resolve("results").toString(),
        "--output", tmp.resolve("report.html").toString());
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(Files.readString(tmp.resolve("report.html")).contains("val_loss"));
  }

  @Test
  void aCommandTrialKilledWithSigkillMidTrainingResumesFromItsLastAnnouncedCheckpoint() throws Exception {
    Path dir = example("shell-trainer");
    Files.writeString(dir.resolve("sweep.yaml"), """
        name: shell-kill
        trainer:
          command: [sh, train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: builtin:calcloud
        objective: {metric: val_loss, goal: minimize}
        method: grid
        retries: 0
        timeout: 10m
        parameters:
          learning_rate: {value: 0.2}
          epochs: {value: 6}
          pause_seconds: {value: 1}
        """);
    CompletableFuture<CliRun> sweep = CompletableFuture.supplyAsync(
        () -> CliRun.of(concat(new String[] {"sweep", dir.resolve("sweep.yaml").toString()}, common())));
    ProcessHandle victim = null;
    SweepId id = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    try (ObjectStore store = ObjectStores.open(StorageUri.ofPath(tmp.resolve("results")), S3Settings.defaults())) {
      while (victim == null && System.nanoTime() < deadline && !sweep.isDone()) {
        Thread.sleep(50);
        id = onlySweep();
        if (id != null) {
          Execution e = new ExecutionStore(store, new ResultsLayout(StorageUri.ofPath(tmp.resolve("results"))))
              .readAll(id).get(TrialId.of("t0000"));
          if (e != null && e.phase() == Execution.Phase.RUNNING) {
            victim = ProcessIdentity.find(e.process()).orElse(null);
          }
        }
      }
    }
    assertTrue(victim != null, "t0000 never ran: " + (sweep.isDone() ? sweep.get() : "still running"));
    Path state = tmp.resolve("work/runs").resolve(id.value()).resolve("t0000/command/state.json");
    while (victim.isAlive() && announced(state) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(victim.isAlive() && announced(state) >= 2, "not killed mid-training: " + (sweep.isDone() ? sweep.get() : ""));
    // A lost host: the runtime and its trainer die together, with no chance to save anything.
    List<ProcessHandle> tree = new ArrayList<>(victim.descendants().toList());
    victim.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    CliRun first = sweep.get(3, TimeUnit.MINUTES);
    assertEquals(1, first.exitCode(), first.toString());

    CliRun resume = CliRun.of(concat(new String[] {"resume", id.value()}, common()));
    assertEquals(0, resume.exitCode(), resume.toString());
    String rerun = Files.readString(tmp.resolve("work/logs").resolve(id.value()).resolve("t0000-attempt-2.log"));
    assertTrue(rerun.matches("(?s).*resuming after epoch [2-6] from .*/ckpt-[2-6].*"), rerun);
    Path trial = tmp.resolve("results/sweeps").resolve(id.value()).resolve("trials/t0000");
    List<Integer> epochs = new ArrayList<>();
    ContractJson.mapper().readTree(trial.resolve("history.json").toFile()).forEach(e -> epochs.add(e.path("epoch").asInt()));
    assertEquals(List.of(1, 2, 3, 4, 5, 6), epochs, "contiguous across the kill");
  }

  @Test
  void earlyStoppingPrunesTheTrialsBehindAtTheFirstRungAndResultsShowWhatItSaved() throws Exception {
    Path dir = example("shell-trainer");
    Files.writeString(dir.resolve("sweep.yaml"), """
        name: shell-asha
        trainer:
          command: [sh, train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: builtin:calcloud
        objective: {metric: val_loss, goal: minimize}
        method: grid
        max_parallel: 1
        retries: 0
        timeout: 10m
        early_stopping: {method: asha, grace: 1, reduction: 2}
        parameters:
          learning_rate: {values: [0.3, 0.1, 0.01]}
          epochs: {value: 4}
          pause_seconds: {value: 1}
        """);
    String[] sequential = concat(new String[] {"sweep", dir.resolve("sweep.yaml").toString()}, common());
    sequential[sequential.length - 1] = "1";
    CliRun sweep = CliRun.of(sequential);
    assertEquals(0, sweep.exitCode(), sweep.toString());
    SweepId id = onlySweep();
    Path trials = tmp.resolve("results/sweeps").resolve(id.value()).resolve("trials");
    JsonNode best = ContractJson.mapper().readTree(trials.resolve("t0000/manifest.json").toFile());
    assertTrue(best.path("pruned").isMissingNode(), best.toString());
    for (String t : List.of("t0001", "t0002")) {
      JsonNode m = ContractJson.mapper().readTree(trials.resolve(t + "/manifest.json").toFile());
      assertEquals(4, m.path("pruned").path("plannedEpochs").asInt(), m.toString());
      assertTrue(m.path("pruned").path("epoch").asInt() < 4, m.toString());
    }
    CliRun status = CliRun.of("status", id.value(), "--results", tmp.resolve("results").toString());
    assertTrue(status.out().lines().anyMatch(l -> l.startsWith("t0001") && l.contains("pruned")), status.out());
    assertTrue(status.out().lines().anyMatch(l -> l.startsWith("t0000") && l.contains("succeeded")), status.out());
  }

  /**
   * The local half of max_parallel held (the emulated account's is DrivenSweepOnBatchTest): a grid of 3
   * with {@code max_parallel: 1} never runs two trials at once, although {@code --parallel 2} would let
   * it; with {@code max_parallel: 2} the same grid does.
   */
  @Test
  void aGridSweepsMaxParallelHoldsOnThisMachine() throws Exception {
    Path dir = example("shell-trainer");
    String grid = """
        name: shell-held-%d
        trainer:
          command: [sh, train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: builtin:calcloud
        objective: {metric: val_loss, goal: minimize}
        method: grid
        max_parallel: %d
        timeout: 10m
        parameters:
          learning_rate: {values: [0.3, 0.1, 0.2]}
          epochs: {value: 2}
          pause_seconds: {value: 1}
        """;
    List<Integer> most = new ArrayList<>();
    for (int maxParallel : List.of(1, 2)) {
      Path spec = Files.writeString(dir.resolve("held-" + maxParallel + ".yaml"), grid.formatted(maxParallel, maxParallel));
      CliRun sweep = CliRun.of(concat(new String[] {"sweep", spec.toString()}, common()));
      assertEquals(0, sweep.exitCode(), sweep.toString());
      SweepId id = SweepId.of(sweep.out().lines().filter(l -> l.startsWith("sweep: ")).findFirst().orElseThrow()
          .substring("sweep: ".length()).trim());
      ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(tmp.resolve("results")).asDirectory());
      try (ObjectStore store = ObjectStores.open(layout.root(), S3Settings.defaults())) {
        List<long[]> spans = new ExecutionStore(store, layout).readAll(id).values().stream()
            .flatMap(e -> e.attempts().stream())
            .map(a -> new long[] {java.time.Instant.parse(a.startedAt()).toEpochMilli(),
                java.time.Instant.parse(a.stoppedAt()).toEpochMilli()})
            .toList();
        assertEquals(3, spans.size(), "one attempt per trial");
        most.add(spans.stream().mapToInt(s -> (int) spans.stream().filter(o -> o[0] <= s[0] && o[1] > s[0]).count())
            .max().orElse(0));
      }
    }
    assertEquals(List.of(1, 2), most, "the most trials running at once, with max_parallel 1 and 2");
  }

  private static int announced(Path state) {
    try {
      return Files.exists(state) ? ContractJson.mapper().readTree(state.toFile()).path("announced").size() : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  private SweepId onlySweep() throws Exception {
    Path sweeps = tmp.resolve("results/sweeps");
    if (!Files.isDirectory(sweeps)) {
      return null;
    }
    try (var s = Files.list(sweeps)) {
      Optional<Path> first = s.findFirst();
      return first.map(p -> SweepId.of(p.getFileName().toString())).orElse(null);
    }
  }

  private static String[] concat(String[] head, String[] tail) {
    String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }
}
