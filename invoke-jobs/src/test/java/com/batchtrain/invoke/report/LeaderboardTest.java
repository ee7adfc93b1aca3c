package com.batchtrain.invoke.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * A trial early stopping ended has a manifest: it is ranked by what it published and marked, and
   * the leaderboard sums the epochs early stopping saved (planned minus trained).
   */
  @Test
  void prunedTrialsAreRankedMarkedAndTheirSavedEpochsSummed() throws Exception {
    List<Manifest> manifests = List.of(
        manifest("t0000", Map.of("val_loss", 0.2)),
        pruned("t0001", 0.25, new Manifest.Pruned(3, 9, "asha: not in the best 1/3 at rung epoch 3")),
        pruned("t0002", 0.6, new Manifest.Pruned(1, 9, null)));
    Leaderboard board = Leaderboard.rank(new Objective("val_loss", Objective.Goal.MINIMIZE), List.of("learning_rate"), manifests, 4);
    assertEquals(List.of("t0000", "t0001", "t0002"), board.entries().stream().map(e -> e.trial().value()).toList());
    assertEquals(List.of(Optional.of(1), Optional.of(2), Optional.of(3)), board.entries().stream().map(Leaderboard.Entry::rank).toList());
    assertEquals(2, board.pruned());
    assertEquals(6 + 8, board.epochsSaved());
    assertEquals("""
        Leaderboard: val_loss (minimize), 3 of 4 trials finished, 2 of them pruned by early stopping (14 epochs saved)
        rank  trial  val_loss  early_stop  learning_rate
        1     t0000  0.2                   0.01
        2     t0001  0.25      pruned@3    0.01
        3     t0002  0.6       pruned@1    0.01
        """, LeaderboardFormat.TABLE.render(board));
    assertEquals("""
        rank,trial,val_loss,learning_rate,pruned_at_epoch,planned_epochs
        1,t0000,0.2,0.01,,
        2,t0001,0.25,0.01,3,9
        3,t0002,0.6,0.01,1,9
        """, LeaderboardFormat.CSV.render(board));
    com.fasterxml.jackson.databind.JsonNode json = com.batchtrain.contract.ContractJson.mapper().readTree(LeaderboardFormat.JSON.render(board));
    assertEquals(2, json.get("pruned").asInt());
    assertEquals(14, json.get("epochsSaved").asInt());
    assertTrue(json.get("leaderboard").get(0).get("pruned").isNull());
    assertEquals(3, json.get("leaderboard").get(1).get("pruned").get("epoch").asInt());
    assertEquals(9, json.get("leaderboard").get(1).get("pruned").get("plannedEpochs").asInt());
    assertEquals("asha: not in the best 1/3 at rung epoch 3", json.get("leaderboard").get(1).get("pruned").get("reason").asText());
  }

  private static Manifest pruned(String trial, double loss, Manifest.Pruned pruned) {
    return new Manifest("s", trial, "2026-01-01T00:00:00Z", Map.of("hidden_units", List.of(64, 64), "learning_rate", 0.01),
        Map.of("val_loss", loss), List.of(), null, pruned);
  }
}
