package com.batchtrain.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrainingHistory;
import com.batchtrain.reports.TrialState;
import com.batchtrain.reports.TrialSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
  private static TrialSummary trial(int index, TrialState state, Double valLoss, double seconds, OptionalDouble cost) {
    Map<String, Double> metrics = valLoss == null ? Map.of() : Map.of("val_loss", valLoss);
    return new TrialSummary(TrialId.ofIndex(index), state, Optional.empty(), Map.of("learning_rate", 0.01 * index),
        metrics, TrainingHistory.empty(), seconds, cost);
  }

  private static SweepReport report(Objective.Goal goal, List<TrialSummary> trials) {
    return new SweepReport(SweepId.of("s1"), new Objective("val_loss", goal), trials, Instant.EPOCH);
  }

  private final List<TrialSummary> trials = List.of(
      trial(0, TrialState.SUCCEEDED, 0.40, 100, OptionalDouble.of(0.10)),
      trial(1, TrialState.FAILED, 0.05, 30, OptionalDouble.of(0.02)),
      trial(2, TrialState.SUCCEEDED, 0.20, 120, OptionalDouble.empty()),
      trial(3, TrialState.RUNNING, 0.10, 50, OptionalDouble.of(0.04)),
      trial(4, TrialState.SUCCEEDED, Double.NaN, 90, OptionalDouble.of(0.08)),
      trial(5, TrialState.SUCCEEDED, 0.30, 110, OptionalDouble.of(0.09)));

  @Test
  void ranksOnlySucceededTrialsWithAFiniteObjectiveBestFirst() {
    Leaderboard board = Leaderboard.of(report(Objective.Goal.MINIMIZE, trials));
    assertEquals(List.of("t0002", "t0005", "t0000", "t0001", "t0003", "t0004"),
        board.rows().stream().map(r -> r.trial().trialId().value()).toList());
    assertEquals(List.of(OptionalInt.of(1), OptionalInt.of(2), OptionalInt.of(3), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty()), board.rows().stream().map(Leaderboard.Row::rank).toList());
    assertEquals("t0002", board.best().orElseThrow().trialId().value());
    assertEquals(2, board.top(2).size());
  }

  @Test
  void maximisingReversesTheRanking() {
    Leaderboard board = Leaderboard.of(report(Objective.Goal.MAXIMIZE, trials));
    assertEquals(List.of("t0000", "t0005", "t0002"), board.top(5).stream().map(t -> t.trialId().value()).toList());
  }

  @Test
  void noBestWithoutASucceededTrial() {
    Leaderboard board = Leaderboard.of(report(Objective.Goal.MINIMIZE, List.of(trials.get(1), trials.get(3))));
    assertTrue(board.best().isEmpty());
  }

  @Test
  void totalsCountStatesAndSumOnlyKnownCosts() {
    SweepTotals totals = SweepTotals.of(report(Objective.Goal.MINIMIZE, trials));
    assertEquals(4, totals.byState().get(TrialState.SUCCEEDED));
    assertEquals(1, totals.byState().get(TrialState.FAILED));
    assertEquals(1, totals.byState().get(TrialState.RUNNING));
    assertEquals(0, totals.byState().get(TrialState.PENDING));
    assertEquals(500, totals.computeSeconds(), 1e-9);
    assertEquals(0.33, totals.knownCostUsd(), 1e-9);
    assertEquals(5, totals.costKnownTrials());
  }
}
