package com.batchtrain.invoke.cli;

import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.report.StatusView;
import com.batchtrain.invoke.sweep.StatusReader;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialStatus;
import java.io.PrintWriter;
import com.batchtrain.invoke.drive.Journal;
import com.batchtrain.invoke.report.DriverView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show each trial's state and progress.",
        "State comes from Batch or the local records, progress from the epochs with published metrics;"
            + " --watch redraws a progress bar with counts by state until every trial has ended."})
final class StatusCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SWEEP", converter = SweepArgument.class, description = "Sweep id, as printed by sweep.")
  SweepId sweep;

  @Option(names = "--watch", description = "Refresh until every trial has ended.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
  int interval;

  @Mixin
  StoreOptions storeOptions;

  @Mixin
  CostOptions costOptions;

  @Spec
  CommandSpec spec;

  /** In-flight proposals listed under the driver's line: enough to see what it tries, never a wall. */
  private static final int SHOWN_PROPOSALS = 8;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace ws = new Workspace(storeOptions)) {
      SweepRecord record = ws.sweeps().readRecord(sweep);
      out.printf("sweep %s (%s backend): %d trial(s), objective %s %s%n", record.sweepId(), record.backend().id(),
          record.trialCount(), record.objective().goal().json(), record.objective().metric());
      // One reader for every refresh: a finished trial's manifest is read once (early stopping's pruned mark).
      StatusReader reader = Reports.statusReader(ws, record);
      // A driven sweep: its driver proposes more trials as others end, and the record gains their jobs.
      Optional<Journal> journal = Reports.journal(ws, record, "invoke-jobs status " + com.batchtrain.invoke.local.ProcessIdentity.current());
      List<TrialStatus> statuses = reader.read(record);
      // A terminal gets one line redrawn in place; a pipe or log gets one line per refresh.
      boolean redraw = System.console() != null;
      while (watch && !(StatusView.settled(statuses) && journal.map(j -> DriverView.finished(j.entries())).orElse(true))) {
        out.print(redraw ? "\r" + StatusView.bar(statuses) : StatusView.bar(statuses) + "\n");
        out.flush();
        Thread.sleep(Math.max(1, interval) * 1000L);
        if (journal.isPresent()) {
          journal.get().refresh();
          record = ws.sweeps().readRecord(sweep);
        }
        statuses = reader.read(record);
      }
      if (watch && redraw) {
        out.println();
      }
      out.print(StatusView.table(statuses));
      out.println(StatusView.bar(statuses));
      StatusView.pruningSummary(statuses).ifPresent(out::println);
      out.println(Reports.usage(ws, record, costOptions).line());
      if (journal.isPresent()) {
        List<com.batchtrain.invoke.drive.JournalEntry> entries = journal.get().entries();
        out.println(DriverView.render(entries, record.trialCount(), Instant.now()));
        if (record.driverJobId() != null && record.backend() == SweepRecord.Backend.AWS) {
          out.println("  driver job " + ws.batchJobs().describeJobLine(record.driverJobId()));
        }
        DriverView.proposals(entries, SHOWN_PROPOSALS).forEach(out::println);
      }
      out.flush();
      return CliExit.OK.code();
    }
  }
}
