package com.batchtrain.invoke.cli;

import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.estimate.ResumeBudget;
import com.batchtrain.invoke.report.StatusView;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true,
    description = {"Re-run the trials that stopped for a reason a re-run can fix.",
        "That is: a transient exit (75), a spot reclaim, killed, cancelled, or never ran. Finished trials (pruned"
            + " ones too: early stopping finished them) and permanent failures (bad input, bad data, internal error)"
            + " are left alone. Trials continue from their last checkpoint."})
final class ResumeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SWEEP", converter = SweepArgument.class, description = "Sweep id.")
  SweepId sweep;

  @Mixin
  StoreOptions storeOptions;

  @Mixin
  LocalOptions localOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace ws = new Workspace(storeOptions)) {
      SweepRecord record = ws.sweeps().readRecord(sweep);
      if (Reports.journal(ws, record, "invoke-jobs resume").isPresent()) {
        // Its driver re-runs stopped trials itself; a second submitter would race it.
        throw new com.batchtrain.contract.InvalidValueException("SWEEP", "a sweep submitted at once: sweep " + sweep
            + " is driven (method bayes, or a max_parallel held on Batch), and its driver re-runs stopped trials;"
            + " continue it with invoke-jobs drive " + sweep, sweep.value());
      }
      List<TrialStatus> statuses = Reports.statuses(ws, record);
      List<Integer> stopped = statuses.stream().filter(s -> s.state() == TrialState.STOPPED)
          .map(s -> s.trial().index()).toList();
      Map<TrialState, Integer> counts = StatusView.counts(statuses);
      // A pruned trial has its manifest: early stopping finished it, and a re-run would only train it again.
      int pruned = counts.get(TrialState.PRUNED);
      out.printf("sweep %s: %d succeeded, %s%d failed permanently (not re-run), %d pending or running, %d to re-run%n",
          sweep, counts.get(TrialState.SUCCEEDED), pruned > 0 ? pruned + " pruned by early stopping (not re-run), " : "",
          counts.get(TrialState.FAILED), counts.get(TrialState.PENDING) + counts.get(TrialState.RUNNING), stopped.size());
      if (stopped.isEmpty()) {
        out.flush();
        return counts.get(TrialState.FAILED) > 0 ? CliExit.TRIALS_UNFINISHED.code() : CliExit.OK.code();
      }
      if (record.backend() == SweepRecord.Backend.AWS) {
        List<Integer> active = statuses.stream().filter(s -> s.state() == TrialState.PENDING || s.state() == TrialState.RUNNING)
            .map(s -> s.trial().index()).toList();
        ResumeBudget.Decision decision = Estimates.resumable(ws, record, active, stopped);
        if (!decision.rerun().isEmpty()) {
          int before = record.submissions().size();
          record = ws.batchJobs().resubmit(record, ws.layout(), decision.rerun());
          ws.sweeps().writeRecord(record);
          out.printf("submitted %d Batch job(s) for trial(s) %s%n", record.submissions().size() - before,
              decision.rerun().stream().map(i -> TrialId.ofIndex(i).value()).toList());
        }
        if (!decision.held().isEmpty()) {
          out.printf("not re-run under the sweep's max_cost: %s (%s)%n",
              decision.held().stream().map(i -> TrialId.ofIndex(i).value()).toList(), decision.why().orElse(""));
        }
        out.flush();
        return decision.held().isEmpty() ? CliExit.OK.code() : CliExit.TRIALS_UNFINISHED.code();
      }
      localOptions.trialCommand().requireAvailable();
      ws.executions().clearCancelled(sweep);
      LocalRun.run(ws, localOptions, record, stopped, out);
      return Reports.summarize(ws, record, out);
    }
  }
}
