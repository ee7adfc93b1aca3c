package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochTimesTest {
  @Test
  void nothingRecordedIsNoRange() {
    assertTrue(EpochTimes.from(List.of()).isEmpty());
  }

  @Test
  void theRangeIsThe10thTo90thPercentileOfTheRecordedEpochs() {
    // 1..10 in any order: rank 0.1 * 9 = 0.9 -> 1 + 0.9 * (2 - 1) = 1.9; rank 0.9 * 9 = 8.1 -> 9 + 0.1 = 9.1.
    List<Double> seconds = new ArrayList<>(Arrays.asList(7.0, 1.0, 10.0, 3.0, 5.0, 2.0, 9.0, 4.0, 8.0, 6.0));
    EpochTimes times = EpochTimes.from(seconds).orElseThrow();
    assertEquals(1.9, times.minSeconds(), 1e-12);
    assertEquals(9.1, times.maxSeconds(), 1e-12);
    assertEquals(10, times.samples());
    assertEquals("1.9-9.1 s/epoch", times.render());
    // A slow first epoch (JIT, caches) does not set the high end: 120 s among nine 40-48 s epochs.
    EpochTimes skewed = EpochTimes.from(List.of(120.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0))
        .orElseThrow();
    // sorted 40..48, 120: p10 = 40 + 0.9 = 40.9; p90 = 48 + 0.1 * 72 = 55.2.
    assertEquals(40.9, skewed.minSeconds(), 1e-12);
    assertEquals(55.2, skewed.maxSeconds(), 1e-12);
    assertEquals("41-55 s/epoch", skewed.render());
  }

  @Test
  void oneRecordedEpochIsABandOfOneValue() {
    EpochTimes one = EpochTimes.from(List.of(0.42)).orElseThrow();
    assertEquals(0.42, one.minSeconds());
    assertEquals(0.42, one.maxSeconds());
    assertEquals("0.42 s/epoch", one.render());
    assertEquals(0.042, one.fasterBy(10).maxSeconds(), 1e-15);
  }

  @Test
  void aRecordedTimeThatIsNotPositiveIsRejected() {
    assertEquals("epoch_seconds: expected positive finite seconds per epoch, got 0.0",
        assertThrows(InvalidValueException.class, () -> EpochTimes.from(List.of(1.0, 0.0))).getMessage());
    assertThrows(InvalidValueException.class, () -> EpochTimes.from(List.of(Double.NaN)));
  }
}
