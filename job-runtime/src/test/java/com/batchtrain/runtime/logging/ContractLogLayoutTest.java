package com.batchtrain.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractLogLayoutTest {
  @Test
  void jsonWhenAskedOrInsideBatchUnlessTextIsAsked() {
    assertTrue(ContractLogLayout.jsonWanted(Map.of("BT_LOG_FORMAT", "json")));
    assertTrue(ContractLogLayout.jsonWanted(Map.of("AWS_BATCH_JOB_ID", "abc")));
    assertFalse(ContractLogLayout.jsonWanted(Map.of("AWS_BATCH_JOB_ID", "abc", "BT_LOG_FORMAT", "text")));
    assertFalse(ContractLogLayout.jsonWanted(Map.of()));
  }
}
