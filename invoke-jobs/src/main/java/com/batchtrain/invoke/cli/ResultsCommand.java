package com.batchtrain.invoke.cli;

import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.report.Leaderboard;
import com.batchtrain.invoke.report.LeaderboardFormat;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "results", mixinStandardHelpOptions = true,
    description = {"Rank the finished trials by the sweep's objective.",
        "Reads the trials' manifests only: a trial without a manifest is not finished, whatever else it wrote."
            + " table and json then list the unfinished trials with their state and reason (as status shows them);"
            + " csv is the leaderboard alone."})
final class ResultsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SWEEP", converter = SweepArgument.class, description = "Sweep id.")
  SweepId sweep;

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
      converter = FormatConverter.class, description = "Output format (default: ${DEFAULT-VALUE}).")
  LeaderboardFormat format;

  @Mixin
  StoreOptions storeOptions;

  @Mixin
  CostOptions costOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace ws = new Workspace(storeOptions)) {
      SweepRecord record = ws.sweeps().readRecord(sweep);
      Leaderboard board = (format == LeaderboardFormat.CSV ? Reports.leaderboard(ws, record)
          : Reports.leaderboardWithUnfinished(ws, record)).withUsage(Reports.usage(ws, record, costOptions));
      out.print(format.render(board));
      out.flush();
      return CliExit.OK.code();
    }
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<LeaderboardFormat> {
    @Override
    public LeaderboardFormat convert(String value) {
      for (LeaderboardFormat f : LeaderboardFormat.values()) {
        if (f.name().equalsIgnoreCase(value)) {
          return f;
        }
      }
      throw new com.batchtrain.contract.InvalidValueException("--format", "table, csv or json", value);
    }
  }
}
