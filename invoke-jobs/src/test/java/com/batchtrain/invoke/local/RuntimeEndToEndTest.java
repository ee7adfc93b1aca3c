package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's path with the real job runtime (TensorFlow Java) as child JVMs: the built-in
 * dataset is generated, trials train and rank, and a trial killed mid-training is resumed from its
 * checkpoint by {@code resume} while the finished one is left alone.
 */
class RuntimeEndToEndTest {
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);

  @TempDir
  Path tmp;

  @Test
  void generatesDataTrainsRanksAndResumesAKilledTrialFromItsCheckpoint() throws Exception {
    Path results = tmp.resolve("results");
    Path work = tmp.resolve("work");
    Path spec = tmp.resolve("spec.yaml");
    // 40 epochs, not fewer: an epoch of this small net takes tens of milliseconds, and at 12 epochs t0001
    // lived only ~1.5 s of training past its first checkpoint (the window to kill it in). A grid spec
    // cannot give one trial more epochs than the other, so both train longer (a few seconds each).
    Files.writeString(spec, """
        name: runtime-e2e
        preset: calcloud-memory-bin
        data: builtin:calcloud
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        max_parallel: 2
        retries: 0
        timeout: 10m
        parameters:
          learning_rate: {values: [0.003, 0.02]}
          hidden_units: {value: [16]}
          batch_size: {value: 1024}
          epochs: {value: 40}
        """);
    String[] common = {"--results", results.toString(), "--work-dir", work.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--parallel", "2"};
    CompletableFuture<CliRun> sweep = CompletableFuture.supplyAsync(() -> CliRun.of(concat(new String[] {"sweep", spec.toString()}, common)));

    // Kill t0001 (SIGKILL: no chance to checkpoint again) once it has sealed a checkpoint, but before it
    // ends. That window is a few seconds, so its process is found first (once it runs), then the run
    // directory alone is polled, cheaply, while the process lives.
    ProcessHandle victim = null;
    SweepId id = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    try (ObjectStore store = ObjectStores.open(StorageUri.ofPath(results), S3Settings.defaults())) {
      while (victim == null && System.nanoTime() < deadline && !sweep.isDone()) {
        Thread.sleep(50);
        id = onlySweep(results);
        if (id == null) {
          continue;
        }
        Execution e = new ExecutionStore(store, new ResultsLayout(StorageUri.ofPath(results))).readAll(id).get(TrialId.of("t0001"));
        if (e != null && e.phase() == Execution.Phase.RUNNING) {
          victim = ProcessIdentity.find(e.process()).orElse(null);
        }
      }
    }
    assertTrue(victim != null, "t0001 never ran: " + (sweep.isDone() ? sweep.get() : "still running"));
    // A sealed checkpoint directory is named by its step; ".tmp-*" ones are still being written.
    Path runs = work.resolve("runs").resolve(id.value()).resolve("t0001");
    boolean sealed = false;
    while (victim.isAlive() && System.nanoTime() < deadline) {
      if (Files.isDirectory(runs) && hasSealedCheckpoint(runs)) {
        sealed = true;
        break;
      }
      Thread.sleep(20);
    }
    assertTrue(sealed && victim.isAlive(), "t0001 ended before it could be killed mid-run (sealed checkpoint: " + sealed
        + ", alive: " + victim.isAlive() + "): " + (sweep.isDone() ? sweep.get() : "sweep still running"));
    victim.destroyForcibly();
    CliRun first = sweep.get(5, TimeUnit.MINUTES);
    assertEquals(1, first.exitCode(), first.toString());
    assertTrue(first.out().contains("generated the built-in dataset builtin:calcloud"), first.out());
    assertTrue(first.out().contains("1 of 2 trials finished"), first.out());
    assertTrue(Files.exists(results.resolve("data/calcloud/calcloud.csv")));

    CliRun resume = CliRun.of(concat(new String[] {"resume", id.value()}, common));
    assertEquals(0, resume.exitCode(), resume.toString());
    assertTrue(resume.out().contains("1 succeeded, 0 failed permanently (not re-run), 0 pending or running, 1 to re-run"), resume.out());
    assertTrue(resume.out().contains("2 of 2 trials finished"), resume.out());
    String rerun = Files.readString(work.resolve("logs").resolve(id.value()).resolve("t0001-attempt-2.log"));
    assertTrue(rerun.contains("resuming from checkpoint"), rerun);
    assertTrue(!Files.exists(work.resolve("logs").resolve(id.value()).resolve("t0000-attempt-2.log")), "t0000 was finished");

    CliRun csv = CliRun.of("results", id.value(), "--format", "csv", "--results", results.toString());
    List<String> lines = csv.out().lines().toList();
    assertEquals(3, lines.size(), csv.out());
    assertTrue(lines.get(0).startsWith("rank,trial,"), csv.out());
    double best = Double.parseDouble(field(lines.get(0), lines.get(1), "val_accuracy"));
    double second = Double.parseDouble(field(lines.get(0), lines.get(2), "val_accuracy"));
    assertTrue(best >= second && best > 0.5, csv.out());
  }

  /** A user's own CSV (columns unknown to any preset) swept with a model declared in the spec. */
  @Test
  void sweepsAModelDeclaredByTheUsersOwnColumns() throws Exception {
    Path data = tmp.resolve("flowers");
    Files.createDirectories(data);
    java.util.Random rnd = new java.util.Random(5);
    StringBuilder csv = new StringBuilder("id,sepal,petal,kind\n");
    for (int i = 0; i < 1200; i++) {
      double petal = rnd.nextGaussian();
      double sepal = rnd.nextGaussian();
      double score = petal - 0.5 * sepal;
      csv.append(String.format(java.util.Locale.ROOT, "%d,%.4f,%.4f,%d%n", i, sepal, petal, score < -0.5 ? 0 : score < 0.5 ? 1 : 2));
    }
    Files.writeString(data.resolve("flowers.csv"), csv);
    Path results = tmp.resolve("results");
    Path spec = tmp.resolve("mine.yaml");
    Files.writeString(spec, """
        name: declared-e2e
        model: {task: classification, features: [sepal, petal], target: kind, classes: 3, class_names: [a, b, c]}
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        retries: 0
        timeout: 10m
        parameters:
          learning_rate: {values: [0.003, 0.01]}
          hidden_units: {value: [16]}
          batch_size: {value: 32}
          epochs: {value: 8}
        """.formatted(StorageUri.ofPath(data)));
    CliRun run = CliRun.of("sweep", spec.toString(), "--results", results.toString(), "--work-dir", tmp.resolve("work").toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--parallel", "2");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("2 of 2 trials finished"), run.out());
    SweepId id = onlySweep(results);
    CliRun table = CliRun.of("results", id.value(), "--format", "csv", "--results", results.toString());
    List<String> lines = table.out().lines().toList();
    assertEquals(3, lines.size(), table.out());
    // Classes are about 31/38/31 %: the majority class alone scores ~0.38.
    assertTrue(Double.parseDouble(field(lines.get(0), lines.get(1), "val_accuracy")) > 0.8, table.out());
    String config = Files.readString(results.resolve("sweeps/" + id.value() + "/trials/t0000/config.json"));
    assertTrue(config.contains("custom-classifier") && config.contains("\"kind\""), config);
    // The real runtime sized TF's pools from the BT_VCPUS the local backend gave it (2 trials at a time).
    int share = LocalRunner.trialVcpus(2, Runtime.getRuntime().availableProcessors(), 2);
    String log = Files.readString(tmp.resolve("work").resolve("logs").resolve(id.value()).resolve("t0000-attempt-1.log"));
    assertTrue(log.contains("TensorFlow thread pools: intra-op " + share + ", inter-op " + Math.min(share, 2) + " (BT_VCPUS=" + share + ")"),
        log);
  }

  /**
   * The real runtime on a corrupt dataset (its last TFRecord shard damaged near the end, where no
   * check of a sample before the sweep looks): each trial exits 65 after recording why, and status,
   * results and the report say it next to the trial, the file named.
   */
  @Test
  void trialsOnBadDataShowTheReasonTheRuntimeRecorded() throws Exception {
    Path data = tmp.resolve("bad");
    List<Path> shards = new com.batchtrain.runtime.preset.CalcloudGenerator(3).writeTfRecords(data, 400, 2);
    byte[] last = Files.readAllBytes(shards.get(1));
    last[last.length - 6] ^= 0x5a;
    Files.write(shards.get(1), last);
    Path results = tmp.resolve("results");
    Path spec = tmp.resolve("bad.yaml");
    Files.writeString(spec, """
        name: bad-data-e2e
        preset: calcloud-memory-bin
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        retries: 2
        timeout: 10m
        parameters:
          learning_rate: {values: [0.003, 0.01]}
          epochs: {value: 2}
        """.formatted(StorageUri.ofPath(data)));
    Path work = tmp.resolve("work");
    CliRun run = CliRun.of("sweep", spec.toString(), "--results", results.toString(), "--work-dir", work.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--parallel", "2");
    assertEquals(1, run.exitCode(), run.toString());
    SweepId id = onlySweep(results);
    assertTrue(run.out().contains("t0000 attempt 1 exited 65") && !run.out().contains("retrying"), "bad data is not retried: " + run.out());

    Path record = results.resolve("sweeps").resolve(id.value()).resolve("trials/t0000/failures/attempt-001.json");
    com.batchtrain.contract.FailureRecord r = com.batchtrain.contract.FailureRecord.fromJson(Files.readAllBytes(record));
    assertEquals(com.batchtrain.contract.FailureRecord.Writer.JOB_RUNTIME, r.recordedBy(), "written by the runtime itself");
    assertEquals(com.batchtrain.contract.FailureRecord.FailureClass.BAD_DATA, r.exitClass());
    assertTrue(r.reason().contains("part-00001.tfrecord"), r.reason());
    String log = Files.readString(work.resolve("logs").resolve(id.value()).resolve("t0000-attempt-1.log"));
    assertTrue(log.contains("bad_data (exit 65): " + r.reason()), "the record holds the logged line:\n" + log);
    String detail = "exit 65 (bad_data): " + r.reason() + " (attempt 1)";

    CliRun status = CliRun.of("status", id.value(), "--results", results.toString());
    for (String trial : List.of("t0000", "t0001")) {
      assertTrue(status.out().matches("(?s).*" + trial + "\\s+failed\\s+0/2\\s+" + Pattern.quote(detail) + "\n.*"), status.out());
    }
    CliRun table = CliRun.of("results", id.value(), "--results", results.toString());
    assertTrue(table.out().contains("(no trial has published a manifest yet)"), table.out());
    assertTrue(table.out().matches("(?s).*Not finished \\(2\\):\n.*t0001\\s+failed\\s+0/2\\s+" + Pattern.quote(detail) + "\n.*"),
        table.out());
    Path html = tmp.resolve("bad-report.html");
    assertEquals(0, CliRun.of("report", id.value(), "--results", results.toString(), "-o", html.toString()).exitCode());
    Map<String, String> reasons = com.batchtrain.invoke.report.ReportPages.failureReasons(html);
    assertEquals(Map.of("t0000", detail, "t0001", detail), reasons);
    com.batchtrain.invoke.report.ReportPages.assertFailuresTableShows(html, reasons);
  }

  /**
   * A CSV as a spreadsheet exports it (BOM, CRLF, quoted fields, a quoted line break, empty lines at
   * the end) with string labels and the features left to its header: the CLI checks it and records
   * the resolved features in the trials file, the trials train and publish the class names, and
   * {@code results} ranks them.
   */
  @Test
  void sweepsAStringLabelledQuotedBomCsvWithTheFeaturesLeftToItsHeader() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("iris"));
    java.util.Random rnd = new java.util.Random(8);
    StringBuilder csv = new StringBuilder("\uFEFFid,petal,\"sepal, cm\",note,species\r\n");
    for (int i = 0; i < 1200; i++) {
      double petal = rnd.nextGaussian();
      double sepal = rnd.nextGaussian();
      double score = petal - 0.5 * sepal;
      String species = score < -0.5 ? "setosa" : score < 0.5 ? "versicolor" : "virginica";
      String note = i % 9 == 0 ? "\"measured twice,\r\nthen averaged\"" : "\"ok\"";
      csv.append(String.format(java.util.Locale.ROOT, "%d,\"%.4f\",%.4f,%s,%s\r\n", i, petal, sepal, note, species));
    }
    csv.append("\r\n\r\n");
    Files.writeString(data.resolve("iris.csv"), csv);
    Path results = tmp.resolve("results");
    Path spec = tmp.resolve("iris.yaml");
    Files.writeString(spec, """
        name: iris-e2e
        model: {task: classification, target: species, ignore: [id, note]}
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        retries: 0
        timeout: 10m
        parameters:
          learning_rate: {values: [0.01]}
          hidden_units: {value: [16]}
          batch_size: {value: 32}
          epochs: {value: 8}
        """.formatted(StorageUri.ofPath(data)));
    CliRun run = CliRun.of("sweep", spec.toString(), "--results", results.toString(), "--work-dir", tmp.resolve("work").toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--parallel", "1");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("data checked: 1 CSV file, 1200 rows (all), 2 features [petal, sepal, cm], target 'species',"
        + " classes [setosa, versicolor, virginica] (string labels)"), run.out());
    assertTrue(run.out().contains("1 of 1 trials finished"), run.out());
    SweepId id = onlySweep(results);
    String trials = Files.readString(results.resolve("sweeps/" + id.value() + "/trials.json"));
    assertTrue(trials.contains("\"features\" : [ \"petal\", \"sepal, cm\" ]") && !trials.contains("\"ignore\""), trials);

    CliRun table = CliRun.of("results", id.value(), "--format", "csv", "--results", results.toString());
    assertEquals(0, table.exitCode(), table.toString());
    List<String> lines = table.out().lines().toList();
    assertEquals(2, lines.size(), table.out());
    assertTrue(Double.parseDouble(field(lines.get(0), lines.get(1), "val_accuracy")) > 0.8, table.out());
    Path trial = results.resolve("sweeps/" + id.value() + "/trials/t0000");
    String config = Files.readString(trial.resolve("config.json"));
    assertTrue(config.contains("\"classNames\" : [ \"setosa\", \"versicolor\", \"virginica\" ]"), config);
    String manifest = Files.readString(trial.resolve("manifest.json"));
    assertTrue(manifest.contains("\"classNames\" : [ \"setosa\", \"versicolor\", \"virginica\" ]"), manifest);
    assertTrue(Files.readAllLines(trial.resolve("predictions.csv")).get(1).matches(".*,(setosa|versicolor|virginica),(setosa|versicolor|virginica)"));
  }

  private static String field(String header, String line, String name) {
    return line.split(",")[List.of(header.split(",")).indexOf(name)];
  }

  private static String[] concat(String[] head, String[] tail) {
    String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }

  private static boolean hasSealedCheckpoint(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().matches("\\d+"));
    }
  }

  private static SweepId onlySweep(Path results) throws Exception {
    Path sweeps = results.resolve("sweeps");
    if (!Files.isDirectory(sweeps)) {
      return null;
    }
    try (var s = Files.list(sweeps)) {
      Optional<Path> first = s.findFirst();
      return first.map(p -> SweepId.of(p.getFileName().toString())).orElse(null);
    }
  }
}
