package com.batchtrain.invoke.cli;

import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.local.LocalCancel;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.drive.Journal;
import com.batchtrain.invoke.drive.JournalConflictException;
import com.batchtrain.invoke.drive.JournalEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = {"Stop a sweep.",
        "Queued trials never start; running ones are terminated (SIGTERM: they checkpoint and exit)."
            + " Finished trials keep their results; resume re-runs the rest."})
final class CancelCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SWEEP", converter = SweepArgument.class, description = "Sweep id.")
  SweepId sweep;

  @Mixin
  StoreOptions storeOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace ws = new Workspace(storeOptions)) {
      SweepRecord record = ws.sweeps().readRecord(sweep);
      Optional<Journal> journal = Reports.journal(ws, record, "invoke-jobs cancel " + com.batchtrain.invoke.local.ProcessIdentity.current());
      if (journal.isPresent()) {
        // First, so that a running driver submits nothing more; it also stops what it submitted after the read below.
        cancelDriver(journal.get());
        out.printf("told the driver of sweep %s to submit nothing more%n", sweep);
        record = ws.sweeps().readRecord(sweep);
      }
      if (record.backend() == SweepRecord.Backend.AWS) {
        int jobs = ws.batchJobs().cancel(record);
        out.printf("asked Batch to stop %d unfinished job(s) of sweep %s%n", jobs, sweep);
      } else {
        int trials = new LocalCancel(ws.executions()).cancel(sweep);
        out.printf("cancelled sweep %s: %d running trial(s) signalled, queued trials will not start%n", sweep, trials);
      }
      out.flush();
      return CliExit.OK.code();
    }
  }

  /** Appends {@code cancelled} to the journal, reading again while a driver writes steps in between. */
  private static void cancelDriver(Journal journal) {
    for (int tries = 0; ; tries++) {
      try {
        journal.append(List.of(new JournalEvent.Cancelled(Instant.now().toString())));
        return;
      } catch (JournalConflictException busy) {
        if (tries >= 20) {
          throw busy;
        }
        journal.refresh();
      }
    }
  }
}
