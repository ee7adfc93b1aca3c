package com.batchtrain.invoke.cli;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.Driving;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drive", mixinStandardHelpOptions = true,
    description = {"Drive a driven sweep (method bayes; on aws, grid or random with max_parallel below its trial count): keep"
        + " max_parallel trials in flight until all its trials have ended.",
        "The driver keeps no state of its own: everything it does is journaled in the results store first"
            + " (sweeps/<sweep>/journal/), and when it starts it reads the journal and asks the backend which trials"
            + " already have jobs. Kill it at any point and run drive again: no trial is submitted twice, none is lost,"
            + " proposals go on from the journal. `sweep` runs it at once; run it yourself after a closed laptop or a"
            + " Ctrl-C. Trials on Batch keep running while no driver runs; local trials of a driver killed outright too."},
    footer = {"", "Example:", "  invoke-jobs drive calcloud-bayes-20261207-1200-ab12 --backend aws"})
final class DriveCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SWEEP", converter = SweepArgument.class, description = "Sweep id.")
  SweepId sweep;

  @Option(names = "--poll", paramLabel = "SECONDS", description = "How often the driver looks at its trials"
      + " (default: 5 on aws, 1 locally).")
  Integer pollSeconds;

  @Mixin
  StoreOptions storeOptions;

  @Mixin
  LocalOptions localOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Drives.poll(pollSeconds, storeOptions.backend);
    try (Workspace ws = new Workspace(storeOptions)) {
      SweepRecord record = ws.sweeps().readRecord(sweep);
      SweepSpec sweepSpec = new SpecReader().read(record.spec());
      if (!Driving.of(record, sweepSpec)) {
        throw new InvalidValueException("SWEEP", "a driven sweep: method bayes, or on aws a grid or random sweep with a"
            + " max_parallel below its trial count (sweep " + sweep + " has method " + sweepSpec.method().id()
            + ": all its trials were submitted at once; use resume for stopped ones)", sweep.value());
      }
      if (record.backend() != ws.backend()) {
        throw new InvalidValueException("--backend", record.backend().id() + " (the backend sweep " + sweep + " runs on)",
            ws.backend().id());
      }
      return Drives.drive(ws, localOptions, record, sweepSpec, Drives.poll(pollSeconds, record.backend()),
          spec.commandLine().getOut());
    }
  }
}
