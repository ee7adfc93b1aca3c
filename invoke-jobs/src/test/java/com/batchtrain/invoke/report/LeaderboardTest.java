package com.batchtrain.invoke.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.Objective;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
  private static Manifest manifest(String trial, Map<String, Double> metrics) {
    return new Manifest("s", trial, "2026-01-01T00:00:00Z", Map.of("hidden_units", List.of(64, 64), "learning_rate", 0.01),
        metrics, List.of());
  }

  @Test
  void ranksByTheGoalAndListsTrialsWithoutTheMetricLast() {
    List<Manifest> manifests = List.of(
        manifest("t0000", Map.of("val_loss", 0.5)),
        manifest("t0001", Map.of("val_loss", 0.2)),
        manifest("t0002", Map.of("val_accuracy", 0.9)),
        manifest("t0003", Map.of("val_loss", 0.7)));
    Leaderboard minimize = Leaderboard.rank(new Objective("val_loss", Objective.Goal.MINIMIZE), List.of("learning_rate"), manifests, 6);
    assertEquals(List.of("t0001", "t0000", "t0003", "t0002"), minimize.entries().stream().map(e -> e.trial().value()).toList());
    assertEquals(Optional.empty(), minimize.entries().get(3).rank());
    assertEquals("t0001", minimize.best().orElseThrow().trial().value());
    Leaderboard maximize = Leaderboard.rank(new Objective("val_loss", Objective.Goal.MAXIMIZE), List.of(), manifests, 6);
    assertEquals(List.of("t0003", "t0000", "t0001", "t0002"), maximize.entries().stream().map(e -> e.trial().value()).toList());
  }

  @Test
  void rendersTableCsvAndJson() {
    Leaderboard board = Leaderboard.rank(new Objective("val_loss", Objective.Goal.MINIMIZE),
        List.of("hidden_units", "learning_rate"), List.of(manifest("t0001", Map.of("val_loss", 0.25))), 3);
    assertEquals("""
        Leaderboard: val_loss (minimize), 1 of 3 trials finished
        rank  trial  val_loss  hidden_units  learning_rate
        1     t0001  0.25      [64,64]       0.01
        """, LeaderboardFormat.TABLE.render(board));
    assertEquals("""
        rank,trial,val_loss,hidden_units,learning_rate
        1,t0001,0.25,"[64,64]",0.01
        """, LeaderboardFormat.CSV.render(board));
    String json = LeaderboardFormat.JSON.render(board);
    assertEquals(true, json.contains("\"rank\" : 1") && json.contains("\"finished\" : 1") && json.contains("\"trials\" : 3"), json);
  }
}
