package com.batchtrain.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.runtime.checkpoint.Checkpoint;
import com.batchtrain.runtime.checkpoint.CheckpointPolicy;
import com.batchtrain.runtime.checkpoint.CheckpointRetention;
import com.batchtrain.runtime.checkpoint.CheckpointStore;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.runtime.data.DatasetLoader;
import com.batchtrain.runtime.data.DatasetSplit;
import com.batchtrain.runtime.eval.HeldOutMetrics;
import com.batchtrain.runtime.preset.CalcloudGenerator;
import com.batchtrain.contract.preset.Preset;
import com.batchtrain.contract.preset.Presets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop in process: resumed runs equal uninterrupted ones; time-based mid-epoch checkpoints. */
class TrainingLoopTest {
  @TempDir static Path dir;
  static Preset preset = Presets.byName(Presets.MEMORY_BIN);
  static Dataset train;
  static Dataset validation;
  static final Hyperparameters HP = Hyperparameters.parse(Map.of(
      "epochs", 4, "batch_size", 16, "dropout", 0.2, "hidden_units", List.of(16, 16), "seed", 5));

  @BeforeAll
  static void data() throws Exception {
    new CalcloudGenerator(2).writeCsv(dir.resolve("d.csv"), 3000);
    Dataset all = new DatasetLoader(preset.model()).load(dir.resolve("d.csv"));
    DatasetSplit split = DatasetSplit.of(all, 5);
    train = all.select(split.train());
    validation = all.select(split.validation());
  }

  private static TrainingLoop loop(MlpModel model, Path runDir, CheckpointPolicy policy, StopSignal stop, EpochListener listener) {
    return new TrainingLoop("test", model, HP, train, validation, new HeldOutMetrics(train.classNames()),
        new CheckpointStore(runDir), Optional.empty(), policy, new CheckpointRetention(preset.defaultObjective(), 2), stop, listener);
  }

  private static MlpModel model() {
    return MlpModel.create(train.width(), preset.task(), train.columns().classes(), HP);
  }

  @Test
  void runStoppedMidEpochAndResumedContinuesInsteadOfStartingOver() throws Exception {
    CheckpointPolicy policy = new CheckpointPolicy(1, 0, 10);
    float[] straightPredictions;
    Checkpoint straight;
    try (MlpModel m = model()) {
      straight = loop(m, dir.resolve("straight"), policy, new StopSignal(), (r, e) -> { }).run();
      straightPredictions = m.predict(validation);
    }
    long stepsPerRun = new CheckpointStore(dir.resolve("straight")).latest().orElseThrow().state().step();

    StopSignal stop = new StopSignal();
    Path runDir = dir.resolve("interrupted");
    List<EpochRecord> beforeStop = new ArrayList<>();
    CountDownLatch stopRequested = new CountDownLatch(1);
    try (MlpModel m = model()) {
      // Stop after the first checkpoint: the request is honoured at the next batch boundary.
      Thread stopper = new Thread(() -> {
        while (new CheckpointStore(runDir).valid().isEmpty()) {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
        stop.request();
        stopRequested.countDown();
      });
      stopper.start();
      // Whatever the scheduling, the last epoch does not start before the stop is requested, so the run is
      // always stopped mid-way: the listener runs at each epoch's end, and by the end of epoch
      // HP.epochs() - 1 the epoch-1 checkpoint the stopper waits for has long been sealed.
      EpochListener listener = (r, e) -> {
        beforeStop.add(r);
        if (r.epoch() == HP.epochs() - 1) {
          boolean fired;
          try {
            fired = stopRequested.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            fired = false;
          }
          // Fails the run (assertThrows then reports this as the unexpected exception).
          assertTrue(fired, "the stopper requested no stop within 60 s of epoch " + r.epoch() + "'s end");
        }
      };
      assertThrows(TrainingStoppedException.class, () -> loop(m, runDir, policy, stop, listener).run());
      stopper.interrupt();
      stopper.join();
    }
    Checkpoint stopCheckpoint = new CheckpointStore(runDir).latest().orElseThrow();
    assertTrue(stopCheckpoint.state().validation().isEmpty(), "the stop checkpoint is a mid-run one");
    assertTrue(stopCheckpoint.state().epoch() < HP.epochs());

    List<EpochRecord> afterResume = new ArrayList<>();
    try (MlpModel m = model()) {
      Checkpoint selected = loop(m, runDir, policy, new StopSignal(), (r, e) -> afterResume.add(r)).run();
      List<EpochRecord> history = new CheckpointStore(runDir).latest().orElseThrow().state().history();
      assertEquals(List.of(1, 2, 3, 4), history.stream().map(EpochRecord::epoch).toList());
      // Epochs finished before the stop are carried over, not retrained; the rest are trained once.
      assertEquals(beforeStop, history.subList(0, beforeStop.size()));
      assertEquals(HP.epochs() - beforeStop.size(), afterResume.size());
      assertEquals(stepsPerRun, new CheckpointStore(runDir).latest().orElseThrow().state().step(),
          "the resumed run takes exactly the remaining optimiser steps");
      // TF's CPU kernels are not bitwise reproducible run to run (two uninterrupted runs differ by up
      // to ~1e-2 here), so the resumed model is held to "as good as an uninterrupted one".
      assertArrayEquals(straightPredictions, m.predict(validation), 0.05f);
      double straightLoss = straight.state().validation().get("val_loss");
      assertEquals(straightLoss, selected.state().validation().get("val_loss"), 0.05 * straightLoss);
    }
  }

  @Test
  void timeBasedCheckpointsLandMidEpoch() {
    Path runDir = dir.resolve("timed");
    List<Checkpoint> seenAtEpochEnd = new ArrayList<>();
    try (MlpModel m = model()) {
      // 0.00002 minutes = 1.2 ms: several checkpoints per epoch.
      loop(m, runDir, new CheckpointPolicy(100, 0.00002, 1), new StopSignal(),
          (r, e) -> seenAtEpochEnd.add(new CheckpointStore(runDir).latest().orElseThrow())).run();
    }
    Checkpoint atSecondEpochEnd = seenAtEpochEnd.get(1);
    assertEquals(1, atSecondEpochEnd.state().epoch(), "newest checkpoint is from inside epoch 2");
    assertTrue(atSecondEpochEnd.state().nextBatch() > 0);
    assertTrue(atSecondEpochEnd.state().validation().isEmpty());
    // With checkpoint-every-epochs beyond the run, only the final epoch checkpoint is selectable.
    assertEquals(HP.epochs(), new CheckpointStore(runDir).latest().orElseThrow().state().epoch());
  }
}
