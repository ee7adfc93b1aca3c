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
}
