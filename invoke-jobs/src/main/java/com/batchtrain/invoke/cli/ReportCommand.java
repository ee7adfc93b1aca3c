package com.batchtrain.invoke.cli;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write the sweep report: one self-contained HTML page (works offline).",
        "Leaderboard of the finished trials (from manifests only; pruned ones marked), every trial's state and failure"
            + " reason, learning curves from the per-epoch metrics, compute time, and the epochs early stopping saved."
            + " Prints the file's path."})
final class ReportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SWEEP", converter = SweepArgument.class, description = "Sweep id.")
  SweepId sweep;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the page (default: report-<sweep>.html in the current directory).")
  Path output;

  @Mixin
  StoreOptions storeOptions;

  @Mixin
  CostOptions costOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path file = (output != null ? output : Path.of("report-" + sweep + ".html")).toAbsolutePath();
    try (Workspace ws = new Workspace(storeOptions)) {
      SweepRecord record = ws.sweeps().readRecord(sweep);
      String html = Reports.sweepPage(ws, record, costOptions, Clock.systemUTC().instant());
      try {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidValueException("--output", "a writable file", file + " (" + e.getMessage() + ")");
      }
      out.println(file);
      out.flush();
      return CliExit.OK.code();
    }
  }
}
