package com.batchtrain.invoke.cli;

import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.local.ExecutionStore;
import com.batchtrain.invoke.local.LocalRunner;
import com.batchtrain.invoke.local.LocalSettings;
import com.batchtrain.invoke.local.TrialCommand;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Runs trials of a sweep on this machine, reporting each attempt on the console. */
final class LocalRun {
  private LocalRun() {}

  static void run(Workspace ws, LocalOptions local, SweepRecord record, List<Integer> indexes, PrintWriter out) {
    // Before any trial state is written: without the runtime no attempt could start.
    TrialCommand command = local.trialCommand().requireAvailable();
    Path work = local.workDirOrDefault().toAbsolutePath();
    LocalSettings settings = new LocalSettings(local.parallelOrCores(), local.cacheDirOrDefault().toAbsolutePath(),
        work.resolve("runs"), work.resolve("logs"), ws.trialEnvironment());
    ExecutionStore executions = ws.executions();
    int threads = Math.min(Math.min(settings.parallel(), record.maxParallel()), indexes.size());
    out.printf("running %d trial(s), %d at a time; logs in %s%n", indexes.size(), threads,
        settings.logDir().resolve(record.sweepId()));
    out.flush();
    LocalRunner.Listener listener = new LocalRunner.Listener() {
      @Override
      public synchronized void started(TrialId trial, int attempt, Path log) {
        out.printf("  %s attempt %d started%n", trial, attempt);
        out.flush();
      }

      @Override
      public synchronized void ended(TrialId trial, int attempt, int exitCode, boolean willRetry, String detail) {
        out.printf("  %s attempt %d exited %d%s%s%n", trial, attempt, exitCode,
            detail.isEmpty() ? "" : " (" + detail + ")", willRetry ? ", retrying" : "");
        out.flush();
      }
    };
    new LocalRunner(command, executions, settings, listener, Clock.systemUTC()).run(record, ws.layout(), indexes);
  }
}
