package com.batchtrain.invoke.cli;

import com.batchtrain.invoke.aws.BatchLauncher;
import com.batchtrain.invoke.drive.Driver;
import com.batchtrain.invoke.drive.Journal;
import com.batchtrain.invoke.drive.Proposer;
import com.batchtrain.invoke.drive.SpendingLimit;
import com.batchtrain.invoke.drive.TrialLauncher;
import com.batchtrain.invoke.local.LocalLauncher;
import com.batchtrain.invoke.local.LocalSettings;
import com.batchtrain.invoke.local.ProcessIdentity;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/** Runs the driver of a driven sweep in this process, on the sweep's backend: {@code sweep} and {@code drive} share it. */
final class Drives {
  private Drives() {}

  /**
   * How often the driver looks at its trials: {@code --poll} when given (checked here, before anything
   * is written), else by backend: Batch jobs take minutes, local trials seconds.
   */
  static Duration poll(Integer seconds, SweepRecord.Backend backend) {
    if (seconds != null && (seconds < 1 || seconds > 3600)) {
      throw new com.batchtrain.contract.InvalidValueException("--poll", "seconds between 1 and 3600", seconds);
    }
    return seconds != null ? Duration.ofSeconds(seconds)
        : backend == SweepRecord.Backend.AWS ? Duration.ofSeconds(5) : Duration.ofSeconds(1);
  }

  /** A driver of {@code record}'s sweep on its backend, its trial launcher, and the slots it keeps. */
  private record Setup(Driver driver, TrialLauncher launcher, int slots, Journal journal) {}

  private static Setup setup(Workspace ws, LocalOptions local, SweepRecord record, SweepSpec spec, Duration poll,
      PrintWriter out, SpendingLimit limit) {
    int slots = record.maxParallel();
    TrialLauncher launcher;
    if (record.backend() == SweepRecord.Backend.AWS) {
      launcher = new BatchLauncher(ws.batchJobs(), ws.layout());
    } else {
      LocalSettings settings = LocalRun.settings(ws, local);
      // --parallel caps the slots on this machine, as it caps a local sweep's threads.
      slots = Math.min(slots, settings.parallel());
      launcher = new LocalLauncher(LocalRun.runner(ws, local, settings, out), ws.executions(), ws.layout(), slots);
    }
    SweepRecord slotted = slots == record.maxParallel() ? record : record.withMaxParallel(slots);
    Journal journal = Journal.read(ws.store(), ws.layout(), record.id(), ProcessIdentity.current(), Clock.systemUTC());
    Proposer proposer = Proposer.of(spec);
    Driver driver = new Driver(ws.sweeps(), slotted, spec, journal, launcher, Reports.backendStates(ws, record), proposer,
        Clock.systemUTC(), poll, line -> {
          out.println(line);
          out.flush();
        }, limit);
    return new Setup(driver, launcher, slots, journal);
  }

  /**
   * The sweep's first trials proposed and in its trials file, nothing submitted: before the dataset
   * staging job, which checks the data against that file, and before any driver starts.
   */
  static void proposeFirst(Workspace ws, LocalOptions local, SweepRecord record, SweepSpec spec, PrintWriter out) {
    Setup s = setup(ws, local, record, spec, poll(null, record.backend()), out, SpendingLimit.NONE);
    try (TrialLauncher launcher = s.launcher()) {
      s.driver().proposeFirst();
    }
  }

  /** Drives {@code record}'s sweep until it is done or cancelled; returns the CLI's exit code. */
  static int drive(Workspace ws, LocalOptions local, SweepRecord record, SweepSpec spec, Duration poll, PrintWriter out) {
    boolean aws = record.backend() == SweepRecord.Backend.AWS;
    com.batchtrain.invoke.drive.DriveState before = Journal.read(ws.store(), ws.layout(), record.id(), "reader",
        Clock.systemUTC()).state();
    if (before.ended().isPresent()) {
      // Done: nothing to run, so nothing (not even the local runtime) is needed but the results.
      out.printf("sweep %s is done: %s%n", record.sweepId(), before.ended().get());
      int code = aws ? CliExit.OK.code() : Reports.summarize(ws, record, out);
      return Driver.outcome(before.ended().get()) == Driver.Outcome.COMPLETED ? code : CliExit.TRIALS_UNFINISHED.code();
    }
    SpendingLimit limit = Estimates.driverLimit(ws, record, spec);
    if (spec.maxCost().isPresent()) {
      out.printf(java.util.Locale.ROOT, "max_cost $%.2f: %s%n", spec.maxCost().getAsDouble(), aws
          ? "no trial is submitted that could pass it (what was spent, what is in flight, and one more trial's estimate)"
          : "not applied here: nothing is billed on this machine");
    }
    Setup s = setup(ws, local, record, spec, poll, out, limit);
    if (!aws) {
      out.printf("logs in %s%n", LocalRun.settings(ws, local).logDir().resolve(record.sweepId()));
    }
    Journal journal = s.journal();
    out.printf("driving %s: %d trial(s) by %s search, %d in flight; journal %s%n", record.sweepId(), record.trialCount(),
        spec.method().id(), s.slots(), ws.layout().journal(record.id()));
    if (journal.state().submittedCount() > 0) {
      out.printf("continuing from the journal: %d trial(s) proposed, %d ended%n", journal.state().proposed(),
          journal.state().finishedCount());
    }
    out.flush();
    Driver.Outcome outcome;
    try (TrialLauncher launcher = s.launcher()) {
      outcome = s.driver().run();
    }
    return switch (outcome) {
      case COMPLETED -> aws ? CliExit.OK.code() : Reports.summarize(ws, ws.sweeps().readRecord(record.id()), out);
      case CANCELLED -> CliExit.OK.code();
      case GAVE_UP, BUDGET_REACHED -> {
        if (!aws) {
          Reports.summarize(ws, ws.sweeps().readRecord(record.id()), out);
        }
        yield CliExit.TRIALS_UNFINISHED.code();
      }
    };
  }
}
