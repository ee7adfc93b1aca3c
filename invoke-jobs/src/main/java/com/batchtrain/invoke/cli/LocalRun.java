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
    LocalSettings settings = settings(ws, local);
    int threads = Math.min(Math.min(settings.parallel(), record.maxParallel()), indexes.size());
    out.printf("running %d trial(s), %d at a time; logs in %s%n", indexes.size(), threads,
        settings.logDir().resolve(record.sweepId()));
    out.flush();
    runner(ws, local, settings, out).run(record, ws.layout(), indexes);
  }

  /** This machine's settings for trials: {@code --parallel}, the cache, run and log directories, the store's environment. */
  static LocalSettings settings(Workspace ws, LocalOptions local) {
    Path work = local.workDirOrDefault().toAbsolutePath();
    return new LocalSettings(local.parallelOrCores(), local.cacheDirOrDefault().toAbsolutePath(),
        work.resolve("runs"), work.resolve("logs"), ws.trialEnvironment());
  }

  /** A runner that reports each attempt on {@code out}. */
  static LocalRunner runner(Workspace ws, LocalOptions local, LocalSettings settings, PrintWriter out) {
    // Before any trial state is written: without the runtime no attempt could start.
    TrialCommand command = local.trialCommand().requireAvailable();
    ExecutionStore executions = ws.executions();
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
    return new LocalRunner(command, executions, settings, listener, Clock.systemUTC());
  }
}
