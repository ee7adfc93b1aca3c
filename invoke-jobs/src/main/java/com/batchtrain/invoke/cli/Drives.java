package com.batchtrain.invoke.cli;

import com.batchtrain.invoke.aws.BatchLauncher;
import com.batchtrain.invoke.drive.Driver;
import com.batchtrain.invoke.drive.Journal;
import com.batchtrain.invoke.drive.SamplerProposer;
import com.batchtrain.invoke.drive.TrialLauncher;
import com.batchtrain.invoke.local.LocalLauncher;
import com.batchtrain.invoke.local.LocalSettings;
import com.batchtrain.invoke.local.ProcessIdentity;
import com.batchtrain.invoke.search.Samplers;
import com.batchtrain.invoke.search.SearchSpace;
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
        : backend == SweepRecord.Backend.AWS ? Duration.ofSeconds(10) : Duration.ofSeconds(1);
  }

  /** Drives {@code record}'s sweep until it is done or cancelled; returns the CLI's exit code. */
  static int drive(Workspace ws, LocalOptions local, SweepRecord record, SweepSpec spec, Duration poll, PrintWriter out) {
    boolean aws = record.backend() == SweepRecord.Backend.AWS;
    int slots = record.maxParallel();
    TrialLauncher launcher;
    if (aws) {
      launcher = new BatchLauncher(ws.batchJobs(), ws.layout());
    } else {
      LocalSettings settings = LocalRun.settings(ws, local);
      // --parallel caps the slots on this machine, as it caps a local sweep's threads.
      slots = Math.min(slots, settings.parallel());
      launcher = new LocalLauncher(LocalRun.runner(ws, local, settings, out), ws.executions(), ws.layout(), slots);
      out.printf("logs in %s%n", settings.logDir().resolve(record.sweepId()));
    }
    SweepRecord slotted = slots == record.maxParallel() ? record : record.withMaxParallel(slots);
    Journal journal = Journal.read(ws.store(), ws.layout(), record.id(), ProcessIdentity.current(), Clock.systemUTC());
    out.printf("driving %s: %d trial(s) by %s search, %d in flight; journal %s%n", record.sweepId(), record.trialCount(),
        spec.method().id(), slots, ws.layout().journal(record.id()));
    if (journal.lastSeq() > 0) {
      out.printf("continuing from the journal: %d trial(s) proposed, %d ended%n", journal.state().proposed(),
          journal.state().finishedCount());
    }
    out.flush();
    SamplerProposer proposer = new SamplerProposer(Samplers.forBayes(), SearchSpace.of(spec), spec.seed());
    Driver.Outcome outcome;
    try (launcher) {
      Driver driver = new Driver(ws.sweeps(), slotted, spec, journal, launcher, Reports.backendStates(ws, record), proposer,
          Clock.systemUTC(), poll, line -> {
            out.println(line);
            out.flush();
          });
      outcome = driver.run();
    }
    return switch (outcome) {
      case COMPLETED -> aws ? CliExit.OK.code() : Reports.summarize(ws, ws.sweeps().readRecord(record.id()), out);
      case CANCELLED -> CliExit.OK.code();
      case GAVE_UP -> {
        if (!aws) {
          Reports.summarize(ws, ws.sweeps().readRecord(record.id()), out);
        }
        yield CliExit.TRIALS_UNFINISHED.code();
      }
    };
  }
}
