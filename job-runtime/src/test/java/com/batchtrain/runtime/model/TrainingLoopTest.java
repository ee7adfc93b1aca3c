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
import com.batchtrain.runtime.preset.Preset;
import com.batchtrain.runtime.preset.Presets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Dataset all = new DatasetLoader(preset.columns()).load(dir.resolve("d.csv"));
    DatasetSplit split = DatasetSplit.of(all, 5);
    train = all.select(split.train());
    validation = all.select(split.validation());
  }

  private static TrainingLoop loop(MlpModel model, Path runDir, CheckpointPolicy policy, StopSignal stop, EpochListener listener) {
    return new TrainingLoop("test", model, HP, train, validation, new HeldOutMetrics(preset.classNames()),
        new CheckpointStore(runDir), Optional.empty(), policy, new CheckpointRetention(preset.defaultObjective(), 2), stop, listener);
  }

  private static MlpModel model() {
    return MlpModel.create(train.width(), preset.task(), preset.columns().classes(), HP);
  }

  @Test
  void runStoppedMidEpochAndResumedEndsWhereAnUninterruptedRunEnds() throws Exception {
    CheckpointPolicy policy = new CheckpointPolicy(1, 0, 10);
    float[] expected;
    int expectedEpoch;
    List<Double> expectedLosses = new ArrayList<>();
    try (MlpModel m = model()) {
      expectedEpoch = loop(m, dir.resolve("straight"), policy, new StopSignal(),
          (r, e) -> expectedLosses.add(r.metrics().get("loss"))).run().state().epoch();
      expected = m.predict(validation);
    }

    StopSignal stop = new StopSignal();
    Path runDir = dir.resolve("interrupted");
    try (MlpModel m = model()) {
      // Stop partway through epoch 2: the stop request is honoured at the next batch boundary.
      Thread stopper = new Thread(() -> {
        while (new CheckpointStore(runDir).valid().isEmpty()) {
          Thread.onSpinWait();
        }
        stop.request();
      });
      stopper.start();
      assertThrows(TrainingStoppedException.class, () -> loop(m, runDir, policy, stop, (r, e) -> { }).run());
      stopper.join();
    }
    Checkpoint stopCheckpoint = new CheckpointStore(runDir).latest().orElseThrow();
    assertTrue(stopCheckpoint.state().validation().isEmpty(), "the stop checkpoint is a mid-run one");
    assertTrue(stopCheckpoint.state().epoch() < HP.epochs());

    try (MlpModel m = model()) {
      Checkpoint selected = loop(m, runDir, policy, new StopSignal(), (r, e) -> { }).run();
      assertEquals(expectedEpoch, selected.state().epoch());
      List<Double> losses = new CheckpointStore(runDir).latest().orElseThrow().state().history().stream()
          .map(r -> r.metrics().get("loss")).toList();
      assertEquals(expectedLosses.size(), losses.size());
      for (int i = 0; i < losses.size(); i++) {
        assertEquals(expectedLosses.get(i), losses.get(i), 2e-3, "epoch " + (i + 1) + " training loss");
      }
      // Same batches, same dropout masks, same optimiser state: the same selected model, up to the
      // float summation order of TF's multi-threaded CPU kernels (differences of ~1e-4 seen here).
      assertArrayEquals(expected, m.predict(validation), 2e-3f);
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
