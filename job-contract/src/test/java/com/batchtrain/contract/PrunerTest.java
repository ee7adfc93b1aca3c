package com.batchtrain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Objective.Goal;
import com.batchtrain.contract.pruning.AshaPruner;
import com.batchtrain.contract.pruning.EarlyStopping;
import com.batchtrain.contract.pruning.MedianPruner;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rung decisions on recorded rung values: deterministic, no store, no trial. */
class PrunerTest {

  @Test
  void ashaRungsAreGraceTimesPowersOfTheReductionBelowTheMaximum() {
    AshaPruner asha = new AshaPruner(1, 3, 27);
    assertEquals(List.of(1, 3, 9), IntStream.rangeClosed(1, 27).filter(asha::checksAt).boxed().toList());
    assertEquals(List.of(2, 4, 8, 16), IntStream.rangeClosed(1, 20).filter(new AshaPruner(2, 2, 20)::checksAt).boxed().toList());
  }

  @Test
  void ashaKeepsTheBestThirdOfWhatTheRungRecordedSoFar() {
    AshaPruner asha = new AshaPruner(1, 3, 27);
    // Six values at the rung, this trial's among them: the best two go on (minimize).
    List<Double> rung = List.of(0.9, 0.3, 0.5, 0.7, 0.4, 0.8);
    assertFalse(asha.prune(1, 0.3, rung, Goal.MINIMIZE));
    assertFalse(asha.prune(1, 0.4, rung, Goal.MINIMIZE));
    assertTrue(asha.prune(1, 0.5, rung, Goal.MINIMIZE));
    assertTrue(asha.prune(1, 0.9, rung, Goal.MINIMIZE));
    // Maximize: the two largest.
    assertFalse(asha.prune(1, 0.9, rung, Goal.MAXIMIZE));
    assertFalse(asha.prune(1, 0.8, rung, Goal.MAXIMIZE));
    assertTrue(asha.prune(1, 0.7, rung, Goal.MAXIMIZE));
  }

  @Test
  void theFirstTrialsAtARungGoOnOnlyWhenTheyAreTheBestSoFar() {
    AshaPruner asha = new AshaPruner(1, 3, 27);
    assertFalse(asha.prune(3, 0.5, List.of(0.5), Goal.MINIMIZE), "the first trial at a rung is the best so far");
    assertTrue(asha.prune(3, 0.6, List.of(0.5, 0.6), Goal.MINIMIZE));
    assertFalse(asha.prune(3, 0.4, List.of(0.5, 0.6, 0.4), Goal.MINIMIZE));
  }

  @Test
  void theMedianRuleComparesWithTheOtherTrialsAtTheSameEpochOnceEnoughHaveRecorded() {
    MedianPruner median = new MedianPruner(2, 3);
    assertFalse(median.checksAt(1));
    assertTrue(median.checksAt(2) && median.checksAt(7));
    assertFalse(median.prune(2, 0.9, List.of(0.9, 0.1, 0.2), Goal.MINIMIZE), "two others: not enough yet");
    assertTrue(median.prune(2, 0.9, List.of(0.9, 0.1, 0.2, 0.3), Goal.MINIMIZE));
    assertFalse(median.prune(2, 0.15, List.of(0.15, 0.1, 0.2, 0.3), Goal.MINIMIZE));
    assertTrue(median.prune(2, 0.15, List.of(0.15, 0.1, 0.2, 0.3), Goal.MAXIMIZE));
  }

  @Test
  void earlyStoppingIsValidatedNamingTheField() {
    assertEquals(new AshaPruner(1, 3, 20), EarlyStopping.asha(1, 3, 20).pruner());
    assertEquals(new MedianPruner(1, 3), new EarlyStopping("median", null, null, null, null, null).pruner());
    assertEquals("early_stopping.method", assertThrows(InvalidValueException.class,
        () -> new EarlyStopping("hyperband", null, null, null, null, null)).field());
    assertEquals("early_stopping.max", assertThrows(InvalidValueException.class,
        () -> new EarlyStopping("asha", 1, 3, null, null, null)).field());
    assertEquals("early_stopping.reduction", assertThrows(InvalidValueException.class, () -> EarlyStopping.asha(1, 1, 9)).field());
    assertEquals("early_stopping.max", assertThrows(InvalidValueException.class, () -> EarlyStopping.asha(4, 2, 4)).field());
    assertEquals("early_stopping.after", assertThrows(InvalidValueException.class,
        () -> new EarlyStopping("asha", 1, 3, 9, 2, null)).field());
    TrialsFile file = new TrialsFile("s1", "calcloud-memory-bin", "file:///d/", new Objective("val_loss", Goal.MINIMIZE),
        List.of(new TrialsFile.Trial("t0000", java.util.Map.of()))).withEarlyStopping(EarlyStopping.asha(1, 3, 9));
    assertEquals(file, TrialsFile.fromJson(file.toJson()));
  }

  /**
   * The expected epochs of ASHA's design: grace 1, reduction 3, 9 epochs: every trial trains 1, a third
   * goes on to 3 (2 more), a ninth to 9 (6 more): 1 + 2/3 + 6/9 = 2.33, a quarter of the 9 planned.
   */
  @Test
  void ashaExpectsEachRungToKeepOneInReduction() {
    assertEquals(1 + 2.0 / 3 + 6.0 / 9, new AshaPruner(1, 3, 9).expectedEpochs(9), 1e-12);
    // Below the first rung nothing is checked: all 1 epoch is trained.
    assertEquals(1, new AshaPruner(2, 3, 9).expectedEpochs(1), 1e-12);
    // Epochs past max are not checked: after the rungs at 1 and 3, a ninth trains on to 12.
    assertEquals(1 + 2.0 / 3 + 9.0 / 9, new AshaPruner(1, 3, 9).expectedEpochs(12), 1e-12);
  }
}
