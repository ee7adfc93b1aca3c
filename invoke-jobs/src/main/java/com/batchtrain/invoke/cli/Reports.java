package com.batchtrain.invoke.cli;

import com.batchtrain.contract.Manifest;
import com.batchtrain.storage.ManifestReader;
import com.batchtrain.invoke.local.ExecutionStore;
import com.batchtrain.invoke.local.LocalTrialStates;
import com.batchtrain.invoke.report.Leaderboard;
import com.batchtrain.invoke.report.LeaderboardFormat;
import com.batchtrain.invoke.aws.BatchAttempts;
import com.batchtrain.invoke.cost.PriceTable;
import com.batchtrain.invoke.local.LocalAttempts;
import com.batchtrain.invoke.report.StatusView;
import com.batchtrain.invoke.report.UsageView;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.StatusReader;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStates;
import com.batchtrain.invoke.sweep.TrialStatus;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.report.EpochProgress;
import com.batchtrain.invoke.report.EpochProgressReader;
import com.batchtrain.invoke.report.EarlyStoppingSection;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.report.SweepReportAssembly;
import com.batchtrain.reports.SweepReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading a sweep back: trial states and the leaderboard, as the commands print them. */
final class Reports {
  private Reports() {}

  static TrialStates backendStates(Workspace ws, SweepRecord record) {
    return record.backend() == SweepRecord.Backend.AWS
        ? ws.batchJobs()
        : new LocalTrialStates(new ExecutionStore(ws.store(), ws.layout()));
  }

  /** Where a sweep's attempts are recorded: Batch's job descriptions, or the local runner's records. */
  static AttemptHistory attemptHistory(Workspace ws, SweepRecord record, PriceTable prices) {
    return record.backend() == SweepRecord.Backend.AWS
        ? new BatchAttempts(ws.batchJobs(), ws.computeEnvironments(), Optional.of(prices))
        : new LocalAttempts(ws.executions());
  }

  /** As {@link #attemptHistory}, without prices: when each attempt ran, not what it cost (start-up times). */
  static AttemptHistory attemptTimes(Workspace ws, SweepRecord record) {
    return record.backend() == SweepRecord.Backend.AWS
        ? new BatchAttempts(ws.batchJobs(), ws.computeEnvironments(), Optional.empty())
        : new LocalAttempts(ws.executions());
  }

  /**
   * The prices a sweep's cost is counted at: {@code --prices} when given, else the file the sweep was
   * started with, else the shipped table.
   */
  static PriceTable prices(Workspace ws, SweepRecord record, CostOptions cost) {
    return cost.given().orElseGet(() -> ws.sweeps().readPrices(record.id())
        .map(json -> PriceTable.overriding(json, ws.layout().prices(record.id()).toString()))
        .orElseGet(PriceTable::shipped));
  }

  /** What the sweep's jobs used and cost so far, or why that cannot be said. */
  static UsageView usage(Workspace ws, SweepRecord record, CostOptions cost) {
    PriceTable prices = prices(ws, record, cost);
    AttemptHistory history = attemptHistory(ws, record, prices);
    return UsageView.of(history, record, Instant.now(), "spot at reference prices, " + prices.dated());
  }

  static List<TrialStatus> statuses(Workspace ws, SweepRecord record) {
    return statusReader(ws, record).read(record);
  }

  static StatusReader statusReader(Workspace ws, SweepRecord record) {
    return new StatusReader(ws.sweeps(), backendStates(ws, record));
  }

  static Leaderboard leaderboard(Workspace ws, SweepRecord record) {
    List<Manifest> manifests = new ManifestReader(ws.store(), ws.layout()).readSweep(record.id());
    return Leaderboard.rank(record.objective(), record.parameters(), manifests, record.trialCount());
  }

  /**
   * What {@code results} prints: the leaderboard (manifests only) and, after it, the trials without
   * a manifest with their state and reason. States are read first, so a trial that finishes in
   * between is ranked rather than listed twice.
   */
  static Leaderboard leaderboardWithUnfinished(Workspace ws, SweepRecord record) {
    List<TrialStatus> statuses = statuses(ws, record);
    return leaderboard(ws, record).withUnfinished(statuses.stream().filter(s -> !s.state().finished()).toList());
  }

  /**
   * The report page's HTML: the reports module's page of everything the report shows, with the
   * early-stopping section when the sweep has early stopping. States are read before manifests, so
   * a trial that finishes in between is seen with its manifest (finished) rather than without one.
   */
  static String sweepPage(Workspace ws, SweepRecord record, CostOptions cost, Instant now) throws InterruptedException {
    ReportParts parts = reportParts(ws, record, usage(ws, record, cost), now);
    return EarlyStoppingSection.page(parts.report(), parts.trials(), parts.manifests());
  }

  private record ReportParts(SweepReport report, TrialsFile trials, List<Manifest> manifests) {}

  private static ReportParts reportParts(Workspace ws, SweepRecord record, UsageView usage, Instant now)
      throws InterruptedException {
    List<TrialStatus> statuses = statuses(ws, record);
    List<Manifest> manifests = new ManifestReader(ws.store(), ws.layout()).readSweep(record.id());
    Map<TrialId, List<EpochProgress>> epochs = new EpochProgressReader(ws.store(), ws.layout()).readSweep(record.id());
    TrialsFile trials = ws.sweeps().readTrials(record.id());
    return new ReportParts(SweepReportAssembly.assemble(record, trials, manifests, statuses, epochs,
        java.util.Optional.of(usage), now), trials, manifests);
  }

  /** The end of a local run: the state bar, any trial that needs attention, the leaderboard. */
  /**
   * The journal of a driven sweep ({@link com.batchtrain.invoke.sweep.Driving}), read now; empty for a sweep submitted at once.
   * {@code writer} names this command in what it appends (cancel).
   */
  static java.util.Optional<com.batchtrain.invoke.drive.Journal> journal(Workspace ws, SweepRecord record, String writer) {
    boolean driven;
    try {
      driven = com.batchtrain.invoke.sweep.Driving.of(record, new com.batchtrain.invoke.spec.SpecReader().read(record.spec()));
    } catch (com.batchtrain.contract.InvalidValueException olderSpec) {
      driven = false;
    }
    return driven ? java.util.Optional.of(com.batchtrain.invoke.drive.Journal.read(ws.store(), ws.layout(), record.id(),
        writer, java.time.Clock.systemUTC())) : java.util.Optional.empty();
  }

  static int summarize(Workspace ws, SweepRecord record, PrintWriter out) {
    List<TrialStatus> statuses = statuses(ws, record);
    out.println();
    out.println(StatusView.bar(statuses));
    List<TrialStatus> unfinished = statuses.stream().filter(s -> !s.state().finished()).toList();
    if (!unfinished.isEmpty()) {
      out.print(StatusView.table(unfinished));
    }
    out.println();
    out.print(LeaderboardFormat.TABLE.render(leaderboard(ws, record).withUsage(usage(ws, record, new CostOptions()))));
    if (unfinished.stream().anyMatch(s -> s.state() == TrialState.STOPPED)) {
      out.printf("%nre-run the stopped trials:  invoke-jobs resume %s%s%n", record.sweepId(), resultsHint(ws));
    }
    out.flush();
    return unfinished.isEmpty() ? CliExit.OK.code() : CliExit.TRIALS_UNFINISHED.code();
  }

  /** The options that find this sweep again, for the commands the CLI suggests. */
  static String resultsHint(Workspace ws) {
    return (ws.backend() == SweepRecord.Backend.AWS ? " --backend aws" : "")
        + ws.resultsOption().map(r -> " --results " + r).orElse("");
  }
}
