package com.batchtrain.invoke.cli;

import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.local.LocalCancel;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.io.PrintWriter;
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
}
