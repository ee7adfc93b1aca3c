package com.batchtrain.invoke.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.batchtrain.contract.InvalidValueException;
import org.junit.jupiter.api.Test;

class TimeLimitTest {
  @Test
  void parsesUnitsAndCombinations() {
    assertEquals(90, TimeLimit.parse("timeout", "90s").seconds());
    assertEquals(1800, TimeLimit.parse("timeout", "30m").seconds());
    assertEquals(7200, TimeLimit.parse("timeout", "2h").seconds());
    assertEquals(5430, TimeLimit.parse("timeout", "1h30m30s").seconds());
    assertEquals("1h30m", TimeLimit.parse("timeout", "90m").toString());
  }

  @Test
  void rejectsWhatBatchWouldRejectOrWhatIsAmbiguous() {
    for (String bad : new String[] {"", "30", "1d", "59s", "337h", "m", "1h 30m", "99999999999999999999h"}) {
      InvalidValueException e = assertThrows(InvalidValueException.class, () -> TimeLimit.parse("timeout", bad), bad);
      assertEquals("timeout", e.field());
    }
  }
}
