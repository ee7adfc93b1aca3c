package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.invoke.ContractTrial;
import com.batchtrain.invoke.cli.Main;
import com.batchtrain.invoke.report.ReportPages;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The local backend end to end, with {@link ContractTrial} as the runtime: real child JVMs, real stores. */
class LocalBackendTest {
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);
  /** A status bar drawn while at least one trial runs (how many run beside a hanging one depends on timing). */
  private static final Pattern LIVE_BAR = Pattern.compile("succeeded, [1-9]\\d* running");

  @TempDir
  Path tmp;
  Path results;
  Path spec;

  @BeforeEach
  void writeSpec() throws Exception {
    results = tmp.resolve("results");
    Path data = Files.createDirectories(tmp.resolve("data"));
    // ContractTrial trains nothing, but the CLI checks the data against the preset before any trial starts.
    new com.batchtrain.runtime.preset.CalcloudGenerator(1).writeCsv(data.resolve("rows.csv"), 20);
    spec = tmp.resolve("spec.yaml");
    Files.writeString(spec, """
        name: local-e2e
        preset: calcloud-memory-bin
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        max_parallel: 2
        retries: 1
        timeout: 5m
        parameters:
          learning_rate: {values: [0.01, 0.02, 0.03, 0.04]}
          epochs: {value: 3}
        """.formatted(StorageUri.ofPath(data)));
  }

  private String[] cli(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(more));
    args.addAll(List.of("--results", results.toString()));
    if (command.equals("sweep") || command.equals("resume")) {
      args.addAll(List.of("--work-dir", tmp.resolve("work").toString(), "--cache-dir", tmp.resolve("cache").toString(),
          "--parallel", "2", "--runtime-main", ContractTrial.class.getName()));
    }
    return args.toArray(String[]::new);
  }

  private void script(String trial, String outcomes) throws Exception {
    Files.createDirectories(results.resolve("script"));
    Files.writeString(results.resolve("script").resolve(trial), outcomes);
  }

  private int attempts(String trial) throws Exception {
    Path f = results.resolve("script").resolve(trial + ".attempts");
    return Files.exists(f) ? Files.readAllLines(f).size() : 0;
  }

  private static SweepId sweepId(CliRun run) {
    Matcher m = SWEEP_LINE.matcher(run.out());
    assertTrue(m.find(), run.toString());
    return SweepId.of(m.group(1));
  }

  @Test
  void trainsRanksRetriesTransientExitsAndLeavesPermanentFailuresAlone() throws Exception {
    script("t0001", "75 0");
    script("t0002", "64");
    CliRun sweep = CliRun.of(cli("sweep", spec.toString()));
    assertEquals(1, sweep.exitCode(), sweep.toString());
    SweepId id = sweepId(sweep);
    assertTrue(sweep.out().contains("t0001 attempt 1 exited 75, retrying"), sweep.out());
    assertTrue(sweep.out().contains("t0001 attempt 2 exited 0"), sweep.out());
    assertTrue(sweep.out().contains("3 of 4 trials finished"), sweep.out());
    assertEquals(2, attempts("t0001"));
    assertEquals(1, attempts("t0002"));
    // Two trials at a time (--parallel 2, max_parallel 2) with the default resources.vcpus 2.
    String share = Integer.toString(Math.min(2, Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
    for (String trial : List.of("t0000", "t0001", "t0003")) {
      String config = Files.readString(results.resolve("sweeps/" + id.value() + "/trials/" + trial + "/config.json"));
      assertTrue(config.contains("\"vcpus\": \"" + share + "\""), trial + ": " + config);
    }

    CliRun csv = CliRun.of(cli("results", id.value(), "--format", "csv"));
    assertEquals(0, csv.exitCode(), csv.toString());
    List<String> lines = csv.out().lines().toList();
    assertEquals("rank,trial,val_accuracy,val_loss,learning_rate,epochs", lines.get(0));
    assertEquals(List.of("1,t0003", "2,t0001", "3,t0000"), lines.subList(1, 4).stream()
        .map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).toList());
    assertEquals(4, lines.size(), "t0002 has no manifest, so it is not on the leaderboard");

    // Every failed attempt leaves a record; these trials wrote none, so the runner did.
    Path sweepDir = results.resolve("sweeps").resolve(id.value()).resolve("trials");
    FailureRecord transientOne = FailureRecord.fromJson(Files.readAllBytes(sweepDir.resolve("t0001/failures/attempt-001.json")));
    assertEquals(List.of(75, 1, FailureRecord.Writer.LOCAL_BACKEND), List.of(transientOne.exitCode(), transientOne.attempt(),
        transientOne.recordedBy()));
    FailureRecord badInput = FailureRecord.fromJson(Files.readAllBytes(sweepDir.resolve("t0002/failures/attempt-001.json")));
    assertEquals(FailureRecord.FailureClass.BAD_INPUT, badInput.exitClass());
    assertTrue(badInput.reason().startsWith("the trial recorded no reason; see its log ")
        && badInput.reason().endsWith("t0002-attempt-1.log"), badInput.reason());

    CliRun status = CliRun.of(cli("status", id.value()));
    assertTrue(status.out().matches("(?s).*t0002\\s+failed\\s+0/3\\s+exit 64 \\(bad_input\\): the trial recorded no reason; see its log "
        + "\\S+t0002-attempt-1\\.log \\(attempt 1\\).*"), status.out());
    assertTrue(status.out().matches("(?s).*t0001\\s+succeeded\\s+3/3.*"), status.out());
    assertTrue(status.out().contains("3 succeeded, 0 running, 0 pending, 1 failed, 0 stopped"), status.out());

    CliRun resume = CliRun.of(cli("resume", id.value()));
    assertEquals(1, resume.exitCode(), resume.toString());
    assertTrue(resume.out().contains("3 succeeded, 1 failed permanently (not re-run), 0 pending or running, 0 to re-run"), resume.out());
    assertEquals(1, attempts("t0002"), "a permanent failure is not re-run");
  }

  /**
   * A command trainer's sweep on the local backend, with {@link ContractTrial} standing in for the
   * harness: every attempt gets {@code BT_COMMAND_DIR} = the spec file's directory (also on
   * resume, from the sweep record), the trials file holds the typed open parameters, and status,
   * results and report work with the parameter names as columns. The dataset is only checked to exist.
   */
  @Test
  void aCommandSweepRunsInTheSpecsDirectoryAndReadsBackLikeAnyOther() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("my project"));
    Path images = Files.createDirectories(tmp.resolve("images"));
    Files.writeString(images.resolve("cat.png"), "not a CSV: a command trainer reads its own data");
    Path commandSpec = project.resolve("sweep.yaml");
    Files.writeString(commandSpec, """
        name: own-trainer
        trainer:
          command: [python3, train.py, --lr, "{learning_rate}"]
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/team/trainer:v1
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        retries: 0
        timeout: 5m
        parameters:
          learning_rate: {values: [0.01, 0.03]}
          epochs: {value: 2}
          augment: {values: [true]}
          width: {value: 64}
        """.formatted(StorageUri.ofPath(images)));
    script("t0001", "75 0");
    // Relative, as a user types it: the directory is made absolute.
    Path relative = Path.of("").toAbsolutePath().relativize(commandSpec);
    CliRun sweep = CliRun.of(cli("sweep", relative.toString()));
    assertEquals(1, sweep.exitCode(), sweep.toString());
    assertEquals("invoke-jobs sweep: warning: trainer.image 123456789012.dkr.ecr.us-east-1.amazonaws.com/team/trainer:v1 is"
        + " ignored on the local backend: the command runs on this machine, in " + project + "\n", sweep.err());
    assertTrue(sweep.out().contains("2 trial(s) by grid search, command: python3 train.py, objective maximize val_accuracy"),
        sweep.out());
    assertTrue(sweep.out().contains("data: " + images + " (a directory), staged for the command as it is"), sweep.out());
    SweepId id = sweepId(sweep);
    Path sweepDir = results.resolve("sweeps").resolve(id.value());
    JsonNode config = ContractJson.mapper().readTree(sweepDir.resolve("trials/t0000/config.json").toFile());
    assertEquals(project.toString(), config.get("commandDir").asText());
    assertEquals(Map.of("learning_rate", "Double", "epochs", "Integer", "augment", "Boolean", "width", "Integer"),
        ContractJson.mapper().convertValue(config.get("types"), Map.class));
    JsonNode record = ContractJson.mapper().readTree(sweepDir.resolve("sweep.json").toFile());
    assertEquals(project.toString(), record.get("commandDir").asText());
    assertEquals("command: python3 train.py", record.get("preset").asText());
    JsonNode trialsFile = ContractJson.mapper().readTree(sweepDir.resolve("trials.json").toFile());
    assertEquals("python3", trialsFile.at("/trainer/command/0").asText());
    assertTrue(trialsFile.at("/trials/0/hyperparameters/augment").isBoolean(), trialsFile.toString());
    assertTrue(trialsFile.at("/trials/0/hyperparameters/width").isInt(), trialsFile.toString());

    CliRun status = CliRun.of(cli("status", id.value()));
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().matches("(?s).*t0000\\s+succeeded\\s+2/2.*"), status.out());
    assertTrue(status.out().matches("(?s).*t0001\\s+stopped\\s+0/2\\s+exit 75 \\(transient\\).*"), status.out());
    CliRun resume = CliRun.of(cli("resume", id.value()));
    assertEquals(0, resume.exitCode(), resume.toString());
    JsonNode resumed = ContractJson.mapper().readTree(sweepDir.resolve("trials/t0001/config.json").toFile());
    assertEquals(2, resumed.get("attempt").asInt());
    assertEquals(project.toString(), resumed.get("commandDir").asText(), "resume runs the command in the same directory");

    List<String> csv = CliRun.of(cli("results", id.value(), "--format", "csv")).out().lines().toList();
    assertEquals("rank,trial,val_accuracy,val_loss,learning_rate,epochs,augment,width", csv.get(0));
    assertEquals(List.of("1,t0001", "2,t0000"), csv.subList(1, 3).stream()
        .map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).toList());
    assertTrue(csv.get(1).endsWith(",0.03,2,true,64"), csv.get(1));
    Path html = tmp.resolve("own.html");
    CliRun report = CliRun.of(cli("report", id.value(), "-o", html.toString()));
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(Files.readString(html).contains("augment"), "the report shows the command's parameters");
  }

  /**
   * Early stopping end to end, {@link ContractTrial} standing in for the runtime (its {@code prune:N}
   * publishes a manifest with {@code pruned} and exits 0, as the runtime does when the rule stops a
   * trial): the spec's rule reaches the trials file and the summary line; status, results and report
   * show the pruned trials and the epochs saved; resume re-runs none of them.
   */
  @Test
  void prunedTrialsAreFinishedRankedMarkedAndNeverReRun() throws Exception {
    Files.writeString(spec, Files.readString(spec).replace("epochs: {value: 3}", "epochs: {value: 9}")
        .replace("method: grid", "method: grid\nearly_stopping: {method: asha, grace: 1, reduction: 3}"));
    script("t0001", "prune:3");
    script("t0002", "prune:1");
    script("t0003", "75 75 0");
    CliRun dry = CliRun.of(cli("sweep", spec.toString(), "--dry-run"));
    assertEquals(0, dry.exitCode(), dry.toString());
    assertTrue(dry.out().contains("objective maximize val_accuracy, early stopping asha (grace 1, reduction 3, max 9: rungs at"
        + " epochs 1, 3), results in"), dry.out());
    assertTrue(dry.out().contains("each trial records its val_accuracy at the epochs it checks under "), dry.out());

    CliRun sweep = CliRun.of(cli("sweep", spec.toString()));
    assertEquals(1, sweep.exitCode(), "t0003 stopped: " + sweep);
    SweepId id = sweepId(sweep);
    Path sweepDir = results.resolve("sweeps").resolve(id.value());
    JsonNode trialsFile = ContractJson.mapper().readTree(sweepDir.resolve("trials.json").toFile());
    assertEquals("{\"method\":\"asha\",\"grace\":1,\"reduction\":3,\"max\":9}", trialsFile.get("earlyStopping").toString(),
        "max from the trials' epochs");
    assertTrue(sweep.out().contains("1 succeeded, 2 pruned, 0 running, 0 pending, 0 failed, 1 stopped"), sweep.out());
    assertTrue(sweep.out().contains("3 of 4 trials finished, 2 of them pruned by early stopping (14 epochs saved)"), sweep.out());

    CliRun status = CliRun.of(cli("status", id.value()));
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().matches("(?s).*t0001\\s+pruned\\s+3/9\\s+pruned at epoch 3 of 9: asha: below the best 1/3 at rung"
        + " epoch 3\n.*"), status.out());
    assertTrue(status.out().matches("(?s).*t0000\\s+succeeded\\s+9/9.*"), status.out());
    assertTrue(status.out().contains("1 succeeded, 2 pruned, 0 running, 0 pending, 0 failed, 1 stopped"), status.out());
    assertTrue(status.out().contains("early stopping pruned 2 trial(s) and saved 14 epoch(s)"), status.out());

    CliRun table = CliRun.of(cli("results", id.value()));
    assertTrue(table.out().matches("(?s).*1\\s+t0002\\s+0\\.3\\s+pruned@1\\s+.*"), table.out());
    assertTrue(table.out().matches("(?s).*2\\s+t0001\\s+0\\.2\\s+pruned@3\\s+.*"), table.out());
    assertTrue(table.out().contains("Not finished (1):"), table.out());
    List<String> csv = CliRun.of(cli("results", id.value(), "--format", "csv")).out().lines().toList();
    assertEquals("rank,trial,val_accuracy,val_loss,learning_rate,epochs,pruned_at_epoch,planned_epochs", csv.get(0));
    assertEquals(List.of("1,t0002", "2,t0001", "3,t0000"), csv.subList(1, 4).stream()
        .map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).toList(), "ranked with the others by what they published");
    assertTrue(csv.get(1).endsWith(",1,9") && csv.get(3).endsWith(",,"), csv.toString());
    JsonNode json = ContractJson.mapper().readTree(CliRun.of(cli("results", id.value(), "--format", "json")).out());
    assertEquals(14, json.get("epochsSaved").asInt());
    assertEquals(1, json.at("/leaderboard/0/pruned/epoch").asInt());

    CliRun resume = CliRun.of(cli("resume", id.value()));
    assertEquals(0, resume.exitCode(), resume.toString());
    assertTrue(resume.out().contains("1 succeeded, 2 pruned by early stopping (not re-run), 0 failed permanently (not re-run),"
        + " 0 pending or running, 1 to re-run"), resume.out());
    assertEquals(List.of(1, 1, 1, 3), List.of(attempts("t0000"), attempts("t0001"), attempts("t0002"), attempts("t0003")),
        "only the stopped trial ran again");
    assertTrue(resume.out().contains("2 succeeded, 2 pruned, 0 running, 0 pending, 0 failed, 0 stopped"), resume.out());

    Path html = tmp.resolve("early.html");
    CliRun report = CliRun.of(cli("report", id.value(), "-o", html.toString()));
    assertEquals(0, report.exitCode(), report.toString());
    String page = Files.readString(html);
    assertTrue(page.contains("asha (grace 1, reduction 3, max 9: rungs at epochs 1, 3): 2 of 4 trials pruned, 14 epochs saved."),
        page.substring(0, Math.min(page.length(), 3000)));
    assertTrue(page.contains("\"pruned_at_epoch\":3.0") || page.contains("\"pruned_at_epoch\":3"), "the leaderboard's mark");
  }

  @Test
  void aCommandSweepsMissingDatasetIsBadDataBeforeAnythingStarts() throws Exception {
    Path commandSpec = tmp.resolve("missing.yaml");
    Files.writeString(commandSpec, """
        name: own-missing
        trainer: {command: [sh, train.sh]}
        data: %s
        objective: {metric: loss, goal: minimize}
        method: grid
        """.formatted(StorageUri.ofPath(tmp.resolve("nowhere"))));
    CliRun sweep = CliRun.of(cli("sweep", commandSpec.toString()));
    assertEquals(65, sweep.exitCode(), sweep.toString());
    assertEquals("invoke-jobs sweep: " + tmp.resolve("nowhere") + ": no such dataset file or directory\n", sweep.err());
    assertTrue(!Files.exists(results.resolve("sweeps")), "nothing written");
  }

  @Test
  void aTrialsBtVcpusIsItsShareOfTheMachineCappedByTheSpec() {
    assertEquals(1, LocalRunner.trialVcpus(2, 2, 2), "2 cores, 2 at a time");
    assertEquals(2, LocalRunner.trialVcpus(4, 2, 1), "a lone trial gets every core");
    assertEquals(2, LocalRunner.trialVcpus(2, 16, 4), "never more than resources.vcpus");
    assertEquals(4, LocalRunner.trialVcpus(8, 16, 4));
    assertEquals(1, LocalRunner.trialVcpus(4, 3, 4), "more trials than cores: still 1");
    assertEquals(3, LocalRunner.trialVcpus(8, 10, 3), "the remainder core stays free");
  }

  @Test
  void resumeReRunsOnlyTheKilledTrial() throws Exception {
    script("t0001", "hang 0");
    CompletableFuture<CliRun> sweep = CompletableFuture.supplyAsync(() -> CliRun.of(cli("sweep", spec.toString())));
    ExecutionStore executions;
    SweepId id = null;
    ProcessHandle trial = null;
    try (ObjectStore store = ObjectStores.open(StorageUri.ofPath(results), S3Settings.defaults())) {
      // Generous: the child JVMs start slowly on a loaded CI machine.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (trial == null && System.nanoTime() < deadline) {
        Thread.sleep(200);
        id = findSweep();
        if (id == null) {
          continue;
        }
        executions = new ExecutionStore(store, new ResultsLayout(StorageUri.ofPath(results)));
        Execution e = executions.readAll(id).get(TrialId.of("t0001"));
        if (e != null && e.phase() == Execution.Phase.RUNNING && publishedEpoch(id, "t0001")) {
          trial = ProcessIdentity.find(e.process()).orElse(null);
        }
      }
    }
    assertTrue(trial != null, "t0001 never ran");
    SweepId running = id;
    // The watch's output is read while it runs, so t0001 is killed only once a live bar has been printed
    // (a fixed sleep could kill it before the watch's first refresh on a loaded machine).
    StringWriter watchOut = new StringWriter();
    StringWriter watchErr = new StringWriter();
    CommandLine watchCmd = Main.commandLine();
    watchCmd.setOut(new PrintWriter(watchOut, true));
    watchCmd.setErr(new PrintWriter(watchErr, true));
    CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(
        () -> watchCmd.execute(cli("status", running.value(), "--watch", "--interval", "1")));
    long barDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!LIVE_BAR.matcher(watchOut.toString()).find() && !watch.isDone() && System.nanoTime() < barDeadline) {
      Thread.sleep(100);
    }
    // Not a terminal here, so one bar per refresh while t0001 runs, then the table once all trials ended.
    assertTrue(LIVE_BAR.matcher(watchOut.toString()).find(),
        "no live bar while t0001 ran (watch done: " + watch.isDone() + ")\n--- out\n" + watchOut + "--- err\n" + watchErr);
    trial.destroyForcibly();
    CliRun run = sweep.get(120, TimeUnit.SECONDS);
    int watchExit = watch.get(60, TimeUnit.SECONDS);
    String watched = "exit " + watchExit + "\n--- out\n" + watchOut + "--- err\n" + watchErr;
    assertEquals(0, watchExit, watched);
    assertTrue(watchOut.toString().contains("3 succeeded, 0 running, 0 pending, 0 failed, 1 stopped"), watched);
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("t0001 attempt 1 exited 137"), run.out());

    CliRun status = CliRun.of(cli("status", id.value()));
    assertTrue(status.out().matches("(?s).*t0001\\s+stopped\\s+1/3\\s+killed by signal 9.*"), status.out());

    CliRun resume = CliRun.of(cli("resume", id.value()));
    assertEquals(0, resume.exitCode(), resume.toString());
    assertTrue(resume.out().contains("3 succeeded, 0 failed permanently (not re-run), 0 pending or running, 1 to re-run"), resume.out());
    assertTrue(resume.out().contains("4 of 4 trials finished"), resume.out());
    assertEquals(List.of(1, 2, 1, 1), List.of(attempts("t0000"), attempts("t0001"), attempts("t0002"), attempts("t0003")));
  }

  @Test
  void cancelStopsRunningAndQueuedTrialsAndResumeFinishesThem() throws Exception {
    script("t0000", "hang 0");
    script("t0001", "hang 0");
    CompletableFuture<CliRun> sweep = CompletableFuture.supplyAsync(() -> CliRun.of(cli("sweep", spec.toString())));
    SweepId id = null;
    // Generous: the child JVMs start slowly on a loaded CI machine.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && (id == null || !publishedEpoch(id, "t0000") || !publishedEpoch(id, "t0001"))) {
      Thread.sleep(200);
      id = findSweep();
    }
    assertTrue(id != null && publishedEpoch(id, "t0000") && publishedEpoch(id, "t0001"),
        "both hanging trials running within 120 s");
    CliRun cancel = CliRun.of(cli("cancel", id.value()));
    assertEquals(0, cancel.exitCode(), cancel.toString());
    assertTrue(cancel.out().contains("2 running trial(s) signalled"), cancel.out());
    CliRun run = sweep.get(120, TimeUnit.SECONDS);
    assertEquals(1, run.exitCode(), run.toString());

    CliRun status = CliRun.of(cli("status", id.value()));
    assertTrue(status.out().matches("(?s).*t0000\\s+stopped\\s+1/3\\s+killed by signal 15: cancelled.*"), status.out());
    assertTrue(status.out().matches("(?s).*t0002\\s+stopped\\s+0/3\\s+never ran: cancelled.*"), status.out());
    assertEquals(0, attempts("t0002"));

    CliRun resume = CliRun.of(cli("resume", id.value()));
    assertEquals(0, resume.exitCode(), resume.toString());
    assertTrue(resume.out().contains("4 to re-run"), resume.out());
    assertTrue(resume.out().contains("4 of 4 trials finished"), resume.out());
  }

  /**
   * One sweep, two ways to fail: t0002 exits 65 after recording why (as the runtime does), t0001 is
   * killed with SIGKILL (nothing of its own: the runner records it). status, results (table and
   * json) and the report page show each reason next to its trial.
   */
  @Test
  void aFailedAndAKilledTrialShowTheirReasonsInStatusResultsAndReport() throws Exception {
    script("t0001", "hang 0");
    script("t0002", "65");
    Files.writeString(results.resolve("script").resolve("t0002.reason"),
        "rows.csv:2: column 'total_mb' is missing (header has [a, b]); token=abc123\n\tat com.example.Reader.read(Reader.java:1)");
    CompletableFuture<CliRun> sweep = CompletableFuture.supplyAsync(() -> CliRun.of(cli("sweep", spec.toString())));
    SweepId id = null;
    ProcessHandle victim = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (ObjectStore store = ObjectStores.open(StorageUri.ofPath(results), S3Settings.defaults())) {
      while (victim == null && System.nanoTime() < deadline) {
        Thread.sleep(200);
        id = findSweep();
        if (id == null) {
          continue;
        }
        Execution e = new ExecutionStore(store, new ResultsLayout(StorageUri.ofPath(results))).readAll(id).get(TrialId.of("t0001"));
        if (e != null && e.phase() == Execution.Phase.RUNNING && publishedEpoch(id, "t0001")) {
          victim = ProcessIdentity.find(e.process()).orElse(null);
        }
      }
    }
    assertTrue(victim != null, "t0001 never ran");
    victim.destroyForcibly();
    CliRun run = sweep.get(120, TimeUnit.SECONDS);
    assertEquals(1, run.exitCode(), run.toString());

    Path trials = results.resolve("sweeps").resolve(id.value()).resolve("trials");
    FailureRecord killed = FailureRecord.fromJson(Files.readAllBytes(trials.resolve("t0001/failures/attempt-001.json")));
    assertEquals(FailureRecord.FailureClass.KILLED, killed.exitClass());
    assertEquals(9, killed.signal());
    assertEquals(FailureRecord.Writer.LOCAL_BACKEND, killed.recordedBy());
    String killedReason = "SIGKILL from outside invoke-jobs: out of memory (the kernel's OOM killer) or killed by hand";
    assertEquals(killedReason, killed.reason());
    FailureRecord failed = FailureRecord.fromJson(Files.readAllBytes(trials.resolve("t0002/failures/attempt-001.json")));
    assertEquals(FailureRecord.Writer.JOB_RUNTIME, failed.recordedBy(), "the runner keeps the trial's own record");
    String failedReason = "rows.csv:2: column 'total_mb' is missing (header has [a, b]); token=[redacted]";
    assertEquals(failedReason, failed.reason(), "first line, scrubbed");

    String killedDetail = "killed by signal 9: " + killedReason + " (attempt 1)";
    String failedDetail = "exit 65 (bad_data): " + failedReason + " (attempt 1)";
    CliRun status = CliRun.of(cli("status", id.value()));
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().matches("(?s).*t0001\\s+stopped\\s+1/3\\s+" + Pattern.quote(killedDetail) + "\n.*"), status.out());
    assertTrue(status.out().matches("(?s).*t0002\\s+failed\\s+0/3\\s+" + Pattern.quote(failedDetail) + "\n.*"), status.out());
    assertTrue(status.out().contains("2 succeeded, 0 running, 0 pending, 1 failed, 1 stopped"), status.out());

    CliRun table = CliRun.of(cli("results", id.value()));
    assertEquals(0, table.exitCode(), table.toString());
    String notFinished = table.out().substring(table.out().indexOf("Not finished (2):"));
    assertTrue(notFinished.matches("(?s).*t0001\\s+stopped\\s+1/3\\s+" + Pattern.quote(killedDetail) + "\n.*"), table.out());
    assertTrue(notFinished.matches("(?s).*t0002\\s+failed\\s+0/3\\s+" + Pattern.quote(failedDetail) + "\n.*"), table.out());
    JsonNode json = ContractJson.mapper().readTree(CliRun.of(cli("results", id.value(), "--format", "json")).out());
    assertEquals(2, json.get("finished").asInt());
    Map<String, String> unfinished = new java.util.TreeMap<>();
    json.get("unfinished").forEach(t -> unfinished.put(t.get("trialId").asText(), t.get("state").asText() + ": " + t.get("reason").asText()));
    assertEquals(Map.of("t0001", "stopped: " + killedDetail, "t0002", "failed: " + failedDetail), unfinished);
    List<String> csv = CliRun.of(cli("results", id.value(), "--format", "csv")).out().lines().toList();
    assertEquals(3, csv.size(), "csv stays the leaderboard: " + csv);

    Path html = tmp.resolve("report.html");
    CliRun report = CliRun.of(cli("report", id.value(), "-o", html.toString()));
    assertEquals(0, report.exitCode(), report.toString());
    Map<String, String> reasons = ReportPages.failureReasons(html);
    assertEquals(Map.of("t0001", "stopped (invoke-jobs resume re-runs it): " + killedDetail, "t0002", failedDetail), reasons);
    ReportPages.assertFailuresTableShows(html, reasons);
  }

  private boolean publishedEpoch(SweepId id, String trial) {
    return Files.exists(results.resolve("sweeps").resolve(id.value()).resolve("trials").resolve(trial)
        .resolve("metrics/epoch-0001.json"));
  }

  private SweepId findSweep() throws Exception {
    Path sweeps = results.resolve("sweeps");
    if (!Files.isDirectory(sweeps)) {
      return null;
    }
    try (var s = Files.list(sweeps)) {
      Optional<Path> first = s.findFirst();
      return first.map(p -> SweepId.of(p.getFileName().toString())).orElse(null);
    }
  }

  @Test
  void aQueuedOrRunningRecordWhoseRunnerIsGoneReadsAsStopped() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String deadOwner = ProcessIdentity.of(gone.toHandle());
    Execution running = Execution.queued("t0000", deadOwner, "now").running(1, deadOwner, "log", "now");
    assertEquals(Map.entry(com.batchtrain.invoke.sweep.TrialState.STOPPED, "interrupted: the runner ended during attempt 1"),
        Map.entry(LocalTrialStates.state(running).state(), LocalTrialStates.state(running).detail()));
    Execution queuedByMe = Execution.queued("t0001", ProcessIdentity.current(), "now");
    assertEquals(com.batchtrain.invoke.sweep.TrialState.PENDING, LocalTrialStates.state(queuedByMe).state());
    Execution queuedByGone = Execution.queued("t0001", deadOwner, "now");
    assertEquals(com.batchtrain.invoke.sweep.TrialState.STOPPED, LocalTrialStates.state(queuedByGone).state());
  }
}
