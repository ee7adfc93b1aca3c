package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.invoke.drive.DriveState;
import com.batchtrain.invoke.drive.Journal;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code method: bayes} with ASHA and {@code max_parallel} on the local backend, through the real CLI
 * and runtime, with the shell example trainer: the driver's own JVM is killed with SIGKILL mid-sweep
 * (its running trials go on by themselves), {@code drive} continues it from the journal, and the
 * sweep ends with exactly the planned trials, each run once.
 */
class DrivenSweepTest {
  private static final int TRIALS = 9;

  @TempDir Path tmp;

  private String[] common() {
    return new String[] {"--results", tmp.resolve("results").toString(), "--work-dir", tmp.resolve("work").toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--parallel", "4"};
  }

  @Test
  void aDriverKilledMidSweepIsContinuedByDriveAndEveryPlannedTrialRunsOnce() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("project"));
    Files.copy(Path.of("..", "examples", "shell-trainer", "train.sh"), dir.resolve("train.sh"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("bayes.yaml"), """
        name: shell-bayes
        trainer:
          command: [sh, train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: builtin:calcloud
        objective: {metric: val_loss, goal: minimize}
        method: bayes
        max_trials: %d
        max_parallel: 4
        seed: 9
        retries: 1
        timeout: 10m
        early_stopping: {method: asha, grace: 1, reduction: 2}
        parameters:
          learning_rate: {min: 0.01, max: 0.8, distribution: log_uniform}
          epochs: {value: 4}
          pause_seconds: {value: 0.3}
        """.formatted(TRIALS));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "com.batchtrain.invoke.cli.Main", "sweep",
        dir.resolve("bayes.yaml").toString()));
    command.addAll(List.of(common()));
    Path log = tmp.resolve("driver.log");
    Process driver = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    SweepId id = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(tmp.resolve("results")).asDirectory());
    try (ObjectStore store = ObjectStores.open(layout.root(), S3Settings.defaults())) {
      // Killed once a trial has ended and the next ones were proposed from it: mid-sweep, trials running.
      while (System.nanoTime() < deadline && driver.isAlive()) {
        Thread.sleep(100);
        id = id != null ? id : sweepId(log);
        if (id != null) {
          DriveState s = Journal.read(store, layout, id, "test", Clock.systemUTC()).state();
          if (s.finishedCount() >= 1 && s.proposed() >= 5 && !s.inFlight().isEmpty()) {
            break;
          }
        }
      }
      assertTrue(driver.isAlive(), "the driver ended before it could be killed mid-sweep:\n" + Files.readString(log));
      // What a user sees mid-sweep: the driver's proposals, trials running and ended.
      CliRun during = CliRun.of("status", id.value(), "--results", tmp.resolve("results").toString());
      assertEquals(0, during.exitCode(), during.toString());
      assertTrue(during.out().matches("(?s).*driver: \\d of " + TRIALS + " trials proposed, [1-4] in flight, \\d+ ended.*"),
          during.out());
      assertTrue(during.out().matches("(?s).*\n  proposed t000\\d: .*learning_rate=.*"), during.out());
      assertTrue(during.out().lines().anyMatch(l -> l.startsWith("t000") && (l.contains("succeeded") || l.contains("pruned"))),
          during.out());
      driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

      DriveState atKill = Journal.read(store, layout, id, "test", Clock.systemUTC()).state();
      assertTrue(atKill.proposed() < TRIALS, "killed before every trial was proposed: " + atKill);

      CliRun drive = CliRun.of(concat(new String[] {"drive", id.value()}, common()));
      assertEquals(0, drive.exitCode(), drive + "\n--- first driver\n" + Files.readString(log));
      assertTrue(drive.out().contains("continuing from the journal"), drive.out());
      assertTrue(drive.out().contains(TRIALS + " of " + TRIALS + " trials finished"), drive.out());

      DriveState end = Journal.read(store, layout, id, "test", Clock.systemUTC()).state();
      assertEquals(TRIALS, end.proposed());
      assertEquals(TRIALS, end.finishedCount());
      assertTrue(end.ended().isPresent());
      // The proposals the killed driver made are the ones that ran, not drawn again.
      for (int i = 0; i < atKill.proposed(); i++) {
        assertEquals(atKill.trials().get(i).parameters(), end.trials().get(i).parameters(), "trial " + i);
      }
      Map<TrialId, Execution> executions = new ExecutionStore(store, layout).readAll(id);
      assertEquals(TRIALS, executions.size());
      for (int i = 0; i < TRIALS; i++) {
        TrialId t = TrialId.ofIndex(i);
        assertEquals(1, end.trials().get(i).submissions().size(), "submissions of " + t + ": " + end.trials().get(i));
        assertEquals(1, executions.get(t).attempt(), "attempts of " + t + ": " + executions.get(t));
        JsonNode manifest = ContractJson.mapper().readTree(
            tmp.resolve("results/sweeps").resolve(id.value()).resolve("trials").resolve(t.value()).resolve("manifest.json").toFile());
        assertTrue(manifest.path("metrics").has("val_loss"), manifest.toString());
      }

      // Done: drive again only reports (it needs no runtime, starts nothing).
      CliRun again = CliRun.of(concat(new String[] {"drive", id.value(), "--runtime-classpath", "/nonexistent/*"}, common()));
      assertEquals(0, again.exitCode(), again.toString());
      assertTrue(again.out().contains("is done: all " + TRIALS + " trials ended"), again.out());

      CliRun status = CliRun.of("status", id.value(), "--results", tmp.resolve("results").toString());
      assertEquals(0, status.exitCode(), status.toString());
      assertTrue(status.out().contains("driver: " + TRIALS + " of " + TRIALS + " trials proposed, 0 in flight, " + TRIALS
          + " ended"), status.out());
    }
  }

  private static SweepId sweepId(Path log) throws java.io.IOException {
    return Files.readAllLines(log).stream().filter(l -> l.startsWith("sweep: ")).findFirst()
        .map(l -> SweepId.of(l.substring("sweep: ".length()).trim())).orElse(null);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
