package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.drive.TrialLauncher;
import com.batchtrain.invoke.spec.Resources;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local trial runs only as the process its record names: what lets a driver killed at any point
 * be followed by another that neither loses a trial nor starts one twice.
 */
class LocalLauncherTest {
  @TempDir Path tmp;

  @Test
  void aGatedProcessWhoseRunnerDiesBeforeOpeningItDoesNothing() throws Exception {
    Path ran = tmp.resolve("ran");
    Path log = tmp.resolve("t0000-attempt-1.log");
    Process p = new ProcessBuilder(StartGate.wrap(List.of("sh", "-c", "echo ran > '" + ran + "'"), StartGate.marker(log)))
        .start();
    // What a runner killed outright leaves, and what one that cannot record the trial does: input ends without the word.
    StartGate.shut(p);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertFalse(Files.exists(ran), "the trial's command ran although its runner never recorded it");
    assertFalse(StartGate.passed(log.toString()), "no marker: the attempt never ran");
  }

  @Test
  void anOpenedGateRunsTheCommandAsTheProcessItsRecordNames() throws Exception {
    Path pid = tmp.resolve("pid");
    Path log = tmp.resolve("t0000-attempt-1.log");
    Process p = new ProcessBuilder(StartGate.wrap(List.of("sh", "-c", "echo $$ > '" + pid + "'; exit 3"),
        StartGate.marker(log))).start();
    String identity = ProcessIdentity.of(p.toHandle());
    StartGate.open(p);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(3, p.exitValue(), "the command's exit code is the process's");
    // The command replaced the gate's shell: the pid (and so the identity) recorded before it ran is its own.
    assertEquals(Long.toString(p.pid()), Files.readString(pid).trim());
    assertTrue(identity.startsWith(p.pid() + "@"), identity);
    assertTrue(StartGate.passed(log.toString()), "the marker says the attempt ran");
    assertEquals(tmp.resolve("t0000-attempt-1.started"), StartGate.marker(log));
  }

  /**
   * What a driver killed between recording a trial as running and opening its gate leaves: a running
   * record whose runner and process are gone, without the gate's marker. It is no launch (the trial is
   * started once, by the next driver); with the marker it is one (the trial ran on its own).
   */
  @Test
  void aRunningRecordWhoseAttemptNeverPassedItsGateIsNoLaunch() throws Exception {
    SweepId id = SweepId.of("gate-20261208-000000-abcd");
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(tmp.resolve("results")).asDirectory());
    Path log = Files.createDirectories(tmp.resolve("logs")).resolve("t0000-attempt-1.log");
    String gone = "1@1970-01-01T00:00:00Z";
    try (ObjectStore store = ObjectStores.open(layout.root(), S3Settings.defaults())) {
      ExecutionStore executions = new ExecutionStore(store, layout);
      executions.write(id, Execution.queued("t0000", gone, "2026-12-08T00:00:00Z")
          .running(1, gone, log.toString(), "2026-12-08T00:00:01Z"));
      SweepRecord record = record(id, layout);
      try (LocalLauncher launcher = new LocalLauncher(null, executions, layout, 1)) {
        Files.writeString(log, "");
        assertEquals(Map.of(), launcher.existing(record));
        Files.writeString(StartGate.marker(log), "");
        assertEquals(List.of(new TrialLauncher.Launch(0, "local:" + gone, "t0000")), launcher.existing(record).get(0));
        // An attempt of an earlier version (no gate, no marker) that wrote output ran.
        Files.delete(StartGate.marker(log));
        Files.writeString(log, "epoch 1\n");
        assertEquals(1, launcher.existing(record).get(0).size());
      }
    }
  }

  /**
   * Between a transient exit and its retry, the trial's record reads as queued by its live runner, never
   * as ended: a driver settling then would take an ended trial for stopped and start it beside the retry.
   */
  @Test
  void aTrialBetweenItsRunnersRetriesReadsAsQueuedNotStopped() throws Exception {
    SweepId id = SweepId.of("retry-20261208-000000-abcd");
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(tmp.resolve("results")).asDirectory());
    TrialCommand command = new TrialCommand(TrialCommand.currentJava(), System.getProperty("java.class.path"),
        TransientOnce.class.getName(), List.of());
    SweepRecord base = record(id, layout);
    SweepRecord twoAttempts = new SweepRecord(base.sweepId(), base.name(), base.backend(), base.createdAt(),
        base.resultsUri(), base.preset(), base.dataUri(), base.objective(), 1, List.of(), 2, 600, 1, "cpu",
        Resources.DEFAULT, "", "", List.of(), base.spec(), null, null, null);
    List<String> between = new java.util.ArrayList<>();
    try (ObjectStore store = ObjectStores.open(layout.root(), S3Settings.defaults())) {
      ExecutionStore executions = new ExecutionStore(store, layout);
      LocalRunner runner = runner(command, executions, (trial, attempt, exitCode, willRetry) -> {
        Execution e = executions.read(id, trial).orElseThrow();
        between.add(attempt + ":" + exitCode + ":" + willRetry + ":" + e.phase() + ":" + LocalTrialStates.state(e).state());
      });
      runner.run(twoAttempts, layout, List.of(0));
      assertEquals(List.of("1:75:true:QUEUED:PENDING", "2:0:false:ENDED:SUCCEEDED"), between);
      assertEquals(List.of(75, 0), executions.read(id, TrialId.ofIndex(0)).orElseThrow().exitCodes());
    }
  }

  /** Exits 75 (transient) on its first attempt, 0 on the next. */
  public static final class TransientOnce {
    public static void main(String[] args) {
      System.exit("1".equals(System.getenv(com.batchtrain.contract.JobEnv.ATTEMPT)) ? 75 : 0);
    }
  }

  /** What a test hears of each attempt's end. */
  private interface Ended {
    void ended(TrialId trial, int attempt, int exitCode, boolean willRetry);
  }

  /** A runner of one trial at a time, its directories under the test's, telling {@code ended} of each attempt. */
  private LocalRunner runner(TrialCommand command, ExecutionStore executions, Ended ended) {
    LocalSettings settings = new LocalSettings(1, tmp.resolve("cache"), tmp.resolve("ckpt"), tmp.resolve("logs"), Map.of());
    return new LocalRunner(command, executions, settings, new LocalRunner.Listener() {
      @Override
      public void started(TrialId trial, int attempt, Path log) { }

      @Override
      public void ended(TrialId trial, int attempt, int exitCode, boolean willRetry, String detail) {
        ended.ended(trial, attempt, exitCode, willRetry);
      }
    }, Clock.systemUTC());
  }

  private static SweepRecord record(SweepId id, ResultsLayout layout) {
    return new SweepRecord(id.value(), "launch", SweepRecord.Backend.LOCAL, "2026-12-08T00:00:00Z",
        layout.root().toString(), "calcloud-memory-bin", "file:///d/",
        new Objective("val_loss", Objective.Goal.MINIMIZE), 1, List.of(), 1, 600, 1, "cpu", Resources.DEFAULT, "", "",
        List.of(), "name: launch", null, null, null);
  }

  @Test
  void aLaunchReturnsWithTheTrialRecordedAsRunningInItsLiveProcess() throws Exception {
    SweepId id = SweepId.of("launch-20261208-000000-abcd");
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(tmp.resolve("results")).asDirectory());
    Path started = tmp.resolve("started");
    // A trial that says it started, then waits to be stopped: the java of the runtime's command runs this class.
    TrialCommand command = new TrialCommand(TrialCommand.currentJava(), System.getProperty("java.class.path"),
        Sleeper.class.getName(), List.of("-Dstarted=" + started));
    SweepRecord record = record(id, layout);
    try (ObjectStore store = ObjectStores.open(layout.root(), S3Settings.defaults())) {
      ExecutionStore executions = new ExecutionStore(store, layout);
      LocalRunner runner = runner(command, executions, (trial, attempt, exitCode, willRetry) -> { });
      try (LocalLauncher launcher = new LocalLauncher(runner, executions, layout, 1)) {
        TrialLauncher.Launch launch = launcher.launch(record, 0);

        Execution e = executions.read(id, TrialId.ofIndex(0)).orElseThrow();
        assertEquals(Execution.Phase.RUNNING, e.phase(), e.toString());
        ProcessHandle trial = ProcessIdentity.find(e.process()).orElseThrow(() -> new AssertionError("not running: " + e));
        assertEquals("local:" + e.owner(), launch.jobId());
        assertEquals(Map.of(0, List.of(launch)), launcher.existing(record));
        // The process the record names is the trial itself, not a wrapper around it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(started) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertEquals(Long.toString(trial.pid()), Files.readString(started).trim());
        trial.destroyForcibly();
        // The runner records how the attempt ended: waited for, so the temporary directory is not written as it goes.
        while (executions.read(id, TrialId.ofIndex(0)).orElseThrow().phase() != Execution.Phase.ENDED
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertEquals(Execution.Phase.ENDED, executions.read(id, TrialId.ofIndex(0)).orElseThrow().phase());
      }
    }
  }

  /** The trial of {@link #aLaunchReturnsWithTheTrialRecordedAsRunningInItsLiveProcess}. */
  public static final class Sleeper {
    public static void main(String[] args) throws Exception {
      Path tmpFile = Path.of(System.getProperty("started") + ".tmp");
      Files.writeString(tmpFile, Long.toString(ProcessHandle.current().pid()));
      Files.move(tmpFile, Path.of(System.getProperty("started")));
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }
}
