package com.batchtrain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VcpusTest {
  @Test
  void parsesPositiveIntegersAndRoundTripsAsTheVariablesValue() {
    assertEquals(new Vcpus(8), Vcpus.parse("8"));
    assertEquals("8", Vcpus.parse("8").toString());
    assertEquals(1, Vcpus.parse("1").count());
    assertEquals(Vcpus.MAX, Vcpus.parse(Integer.toString(Vcpus.MAX)).count());
    assertEquals("BT_VCPUS", JobEnv.VCPUS);
  }

  @Test
  void absentMeansNotKnown() {
    assertEquals(Optional.empty(), Vcpus.fromEnvironment(Map.of()));
    assertEquals(Optional.of(new Vcpus(6)), Vcpus.fromEnvironment(Map.of(JobEnv.VCPUS, "6")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "x", "1.5", "", " 4", "4 ", "+4", "1025", "99999999999", "0x10"})
  void badValuesNameTheVariableAndWhatWasExpected(String text) {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> Vcpus.parse(text));
    assertEquals("BT_VCPUS", e.field());
    assertEquals("BT_VCPUS: expected a positive integer (the trial's vCPU reservation), at most 1024, got '" + text + "'",
        e.getMessage());
    assertThrows(InvalidValueException.class, () -> Vcpus.fromEnvironment(Map.of(JobEnv.VCPUS, text)));
  }

  @Test
  void theConstructorChecksTooSoCallersCannotBuildABadValue() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> new Vcpus(0));
    assertTrue(e.getMessage().startsWith("BT_VCPUS: expected a positive integer"), e.getMessage());
    assertThrows(InvalidValueException.class, () -> new Vcpus(Vcpus.MAX + 1));
  }
}
