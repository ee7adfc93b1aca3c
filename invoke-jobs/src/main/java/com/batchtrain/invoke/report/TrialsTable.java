package com.batchtrain.invoke.report;

import com.batchtrain.contract.TrialsFile;
import java.util.ArrayList;
import java.util.List;

/** The planned trials with the hyperparameters the spec searches over. */
public final class TrialsTable {
  private TrialsTable() {}

  public static String render(TrialsFile trials, List<String> parameters) {
    List<String> header = new ArrayList<>(List.of("trial"));
    header.addAll(parameters);
    List<List<String>> rows = new ArrayList<>();
    for (TrialsFile.Trial t : trials.trials()) {
      List<String> row = new ArrayList<>(List.of(t.trialId()));
      for (String p : parameters) {
        row.add(LeaderboardFormat.value(t.hyperparameters().get(p)));
      }
      rows.add(row);
    }
    return TextTable.render(header, rows);
  }
}
