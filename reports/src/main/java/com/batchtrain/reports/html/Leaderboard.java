package com.batchtrain.reports.html;

import com.batchtrain.contract.Objective;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrialState;
import com.batchtrain.reports.TrialSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Orders a sweep's trials: succeeded trials with a finite objective value first, best first, ranked
 * 1..n; every other trial follows unranked, by trial id. Only finished trials are ranked because a
 * running or failed trial's metrics are not those of a selected checkpoint.
 */
public record Leaderboard(Objective objective, List<Row> rows) {
  public record Row(OptionalInt rank, TrialSummary trial) {}

  public Leaderboard {
    rows = List.copyOf(rows);
  }

  public static Leaderboard of(SweepReport report) {
    Objective objective = report.objective();
    String metric = objective.metric();
    List<TrialSummary> ranked = new ArrayList<>();
    List<TrialSummary> unranked = new ArrayList<>();
    for (TrialSummary trial : report.trials()) {
      if (trial.state().finished() && trial.metric(metric).isPresent()) {
        ranked.add(trial);
      } else {
        unranked.add(trial);
      }
    }
    Comparator<TrialSummary> byValue = Comparator.comparingDouble(t -> t.metric(metric).getAsDouble());
    ranked.sort((objective.goal() == Objective.Goal.MAXIMIZE ? byValue.reversed() : byValue)
        .thenComparing(TrialSummary::trialId));
    unranked.sort(Comparator.comparing(TrialSummary::trialId));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      rows.add(new Row(OptionalInt.of(i + 1), ranked.get(i)));
    }
    unranked.forEach(t -> rows.add(new Row(OptionalInt.empty(), t)));
    return new Leaderboard(objective, rows);
  }

  public Optional<TrialSummary> best() {
    return rows.isEmpty() || rows.get(0).rank().isEmpty() ? Optional.empty() : Optional.of(rows.get(0).trial());
  }

  /** The {@code n} best ranked trials, best first. */
  public List<TrialSummary> top(int n) {
    return rows.stream().filter(r -> r.rank().isPresent()).limit(n).map(Row::trial).toList();
  }
}
