package com.batchtrain.invoke.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExitClassifierTest {
  private static ExitClassifier.TrialStatusPart classify(Integer code, String reason) {
    return ExitClassifier.classify(Optional.ofNullable(code), reason);
  }

  @Test
  void onlyWhatARerunCanFixIsStopped() {
    assertEquals(new ExitClassifier.TrialStatusPart(TrialState.STOPPED, "exit 75 (transient)"), classify(75, null));
    assertEquals(TrialState.STOPPED, classify(null, "Host EC2 (instance i-1) terminated.").state());
    assertEquals(TrialState.STOPPED, classify(137, "Job attempt duration exceeded timeout").state());
    assertEquals(new ExitClassifier.TrialStatusPart(TrialState.STOPPED, "never ran"), classify(null, ""));
    assertEquals(new ExitClassifier.TrialStatusPart(TrialState.FAILED, "exit 64 (bad_input)"), classify(64, null));
    assertEquals(TrialState.FAILED, classify(65, null).state());
    assertEquals(TrialState.FAILED, classify(70, null).state());
    assertEquals(new ExitClassifier.TrialStatusPart(TrialState.FAILED, "exit 1: boom"), classify(1, "boom"));
    assertEquals(new ExitClassifier.TrialStatusPart(TrialState.FAILED, "exit 0 without a manifest"), classify(0, null));
  }
}
