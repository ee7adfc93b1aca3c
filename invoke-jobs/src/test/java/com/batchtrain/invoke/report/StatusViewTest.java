package com.batchtrain.invoke.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusViewTest {
  @Test
  void theBarCountsEpochsAndStates() {
    List<TrialStatus> statuses = List.of(
        new TrialStatus(TrialId.ofIndex(0), TrialState.SUCCEEDED, "", 4, 4),
        new TrialStatus(TrialId.ofIndex(1), TrialState.RUNNING, "", 2, 4),
        new TrialStatus(TrialId.ofIndex(2), TrialState.PENDING, "", 0, 4),
        new TrialStatus(TrialId.ofIndex(3), TrialState.STOPPED, "", 0, 4));
    assertEquals("[###########...................]  38% of 16 epochs | 1 succeeded, 1 running, 1 pending, 0 failed, 1 stopped",
        StatusView.bar(statuses));
    assertFalse(StatusView.settled(statuses));
    assertTrue(StatusView.settled(List.of(statuses.get(0), statuses.get(3))));
  }

  /** A command trainer without an integer epochs parameter: its budget is unknown, its progress what it reported. */
  @Test
  void anUnknownEpochBudgetShowsAsAQuestionMarkAndCountsWhatIsDone() {
    List<TrialStatus> statuses = List.of(
        new TrialStatus(TrialId.ofIndex(0), TrialState.SUCCEEDED, "", 3, 3),
        new TrialStatus(TrialId.ofIndex(1), TrialState.RUNNING, "", 2, TrialStatus.UNKNOWN_EPOCHS));
    assertEquals("2/?", statuses.get(1).progress());
    assertTrue(StatusView.table(statuses).matches("(?s).*t0001\\s+running\\s+2/\\?.*"), StatusView.table(statuses));
    assertTrue(StatusView.bar(statuses).contains("100% of 5 epochs"), StatusView.bar(statuses));
  }

  /**
   * A pruned trial is counted on its own (after the succeeded ones), its progress is what it trained,
   * and the epochs it did not train are not left to do: the bar ends at 100%.
   */
  @Test
  void prunedTrialsAreCountedApartAndTheirSavedEpochsAreNotLeftToDo() {
    List<TrialStatus> statuses = List.of(
        new TrialStatus(TrialId.ofIndex(0), TrialState.SUCCEEDED, "manifest published", 9, 9),
        new TrialStatus(TrialId.ofIndex(1), TrialState.PRUNED, "pruned at epoch 3 of 9: asha", 3, 9),
        new TrialStatus(TrialId.ofIndex(2), TrialState.PRUNED, "pruned at epoch 1 of 9", 1, 9));
    assertEquals("[##############################] 100% of 13 epochs | 1 succeeded, 2 pruned, 0 running, 0 pending, 0 failed, 0 stopped",
        StatusView.bar(statuses));
    assertTrue(StatusView.settled(statuses), "pruned is an end state");
    assertTrue(StatusView.table(statuses).matches("(?s).*t0001\\s+pruned\\s+3/9\\s+pruned at epoch 3 of 9: asha\n.*"),
        StatusView.table(statuses));
    assertEquals(java.util.Optional.of("early stopping pruned 2 trial(s) and saved 14 epoch(s)"), StatusView.pruningSummary(statuses));
    assertEquals(java.util.Optional.empty(), StatusView.pruningSummary(statuses.subList(0, 1)));
    assertFalse(StatusView.bar(statuses.subList(0, 1)).contains("pruned"), "no pruned count in a sweep that pruned nothing");
  }
}
