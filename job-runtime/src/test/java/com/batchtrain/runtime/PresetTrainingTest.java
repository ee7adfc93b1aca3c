package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.preset.Presets;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains each preset end to end through {@code Main} from file:// data to a file:// results store
 * and holds it to a real bar on the held-out test split: the classifier against the majority-class
 * baseline, the regressors against predicting the mean. The exported model is then loaded in a fresh
 * JVM ({@code predict}) and must reproduce the published predictions. Plots and TensorBoard event
 * files are published and listed in the manifest.
 */
class PresetTrainingTest {
  @TempDir static Path dir;
  static Path csv;
  static Path results;

  @BeforeAll
  static void data() throws Exception {
    csv = TrainingFixtures.calcloudCsv(dir, 4000, 11);
    results = dir.resolve("results");
  }

  private static Manifest train(String preset) throws Exception {
    int code = Main.run("train", "--preset", preset, "--sweep-id", "e2e", "--trial-index", String.valueOf(Presets.all()
            .stream().map(p -> p.name()).toList().indexOf(preset)),
        "--data", TrainingFixtures.fileUri(csv), "--results", TrainingFixtures.fileUri(results),
        "--checkpoint-root", dir.resolve("runs").toString(), "--hp", "epochs=15", "--hp", "batch_size=64",
        "--keep-top-k", "2");
    assertEquals(0, code);
    return TrainingFixtures.manifest(results, "e2e", "t000" + Presets.all().stream().map(p -> p.name()).toList().indexOf(preset));
  }

  @Test
  void memoryBinClassifierBeatsMajorityBaseline() throws Exception {
    Manifest m = train(Presets.MEMORY_BIN);
    Map<String, Double> metrics = m.metrics();
    // Majority-class prediction scores balanced accuracy 0.25 and macro F1 about 0.22 on 4 classes.
    assertTrue(metrics.get("test_balanced_accuracy") > 0.65, metrics.toString());
    assertTrue(metrics.get("test_macro_f1") > 0.65, metrics.toString());
    assertTrue(metrics.get("test_accuracy") > metrics.get("test_majority_baseline_accuracy") + 0.05, metrics.toString());
    assertTrue(metrics.get("test_macro_roc_auc") > 0.9, metrics.toString());
    assertTrue(metrics.containsKey("val_loss"), "objective metric in manifest: " + metrics);

    Set<String> files = m.files().stream().map(Manifest.Entry::path).collect(Collectors.toSet());
    assertTrue(files.containsAll(List.of("config.json", "history.json", "metrics.json", "predictions.csv",
        "model/saved_model.pb", "model/model.json", "checkpoint/state.json", "checkpoint/COMPLETE")), files.toString());
    Path trialDir = results.resolve("sweeps/e2e/trials/t0000");
    JsonNode history = ContractJson.mapper().readTree(trialDir.resolve("history.json").toFile());
    assertEquals(15, history.size());
    for (int e = 1; e <= 15; e++) {
      assertTrue(Files.exists(trialDir.resolve(String.format("metrics/epoch-%04d.json", e))), "epoch metrics " + e);
    }
    TrialArtifacts.assertPlots(m, trialDir, List.of("learning-curve-loss.png", "learning-curve-accuracy.png",
        "learning-curve-balanced_accuracy.png", "learning-curve-seconds.png", "confusion-matrix.png",
        "confusion-matrix-normalised.png", "roc.png"));
    TrialArtifacts.assertTensorBoard(m, trialDir, 15);
    JsonNode test = ContractJson.mapper().readTree(trialDir.resolve("metrics.json").toFile()).path("test");
    assertEquals(4, test.path("confusion").size());
    assertEquals(4, test.path("perClass").size());

    // A fresh JVM loads the SavedModel and reproduces the published test predictions.
    List<String> published = Files.readAllLines(trialDir.resolve("predictions.csv"));
    Path input = dir.resolve("test-rows.csv");
    List<String> source = Files.readAllLines(csv);
    StringBuilder sb = new StringBuilder(source.get(0)).append('\n');
    for (String line : published.subList(1, published.size())) {
      sb.append(source.get(Integer.parseInt(line.split(",")[0]) + 1)).append('\n');
    }
    Files.writeString(input, sb.toString());
    Path out = dir.resolve("predicted.csv");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("predict.log"), Map.of(), "predict",
        "--model", trialDir.resolve("model").toString(), "--input", input.toString(), "--output", out.toString());
    assertEquals(0, r.exitCode(), r.output());
    List<String> predicted = Files.readAllLines(out);
    assertEquals(published.size(), predicted.size());
    for (int i = 1; i < published.size(); i++) {
      String[] a = published.get(i).split(",");
      String[] b = predicted.get(i).split(",");
      assertEquals(a[2], b[1], "predicted class of test row " + i);
      for (int c = 0; c < 4; c++) {
        assertEquals(Float.parseFloat(a[3 + c]), Float.parseFloat(b[2 + c]), 1e-4, "p_" + c + " of test row " + i);
      }
    }
  }

  @Test
  void trainsFromTfRecordShards() throws Exception {
    Path shards = dir.resolve("tfrecord");
    assertEquals(0, Main.run("generate-data", "--format", "tfrecord", "--rows", "1500", "--shards", "3", "--output", shards.toString()));
    assertEquals(0, Main.run("train", "--preset", Presets.MEMORY, "--sweep-id", "tfrecord", "--data", TrainingFixtures.fileUri(shards),
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString(),
        "--hp", "epochs=3", "--objective", "val_r2:maximize"));
    Manifest m = TrainingFixtures.manifest(results, "tfrecord", "t0000");
    assertTrue(m.metrics().containsKey("val_r2"), m.metrics().toString());
  }

  @Test
  void memoryRegressorBeatsMean() throws Exception {
    Manifest m = train(Presets.MEMORY);
    Map<String, Double> metrics = m.metrics();
    assertTrue(metrics.get("test_r2") > 0.7, metrics.toString());
    assertTrue(metrics.get("test_rmse") < 0.6 * metrics.get("test_mean_baseline_rmse"), metrics.toString());
    Path trialDir = results.resolve("sweeps/e2e/trials/" + m.trialId());
    TrialArtifacts.assertPlots(m, trialDir, List.of("learning-curve-loss.png", "learning-curve-rmse.png",
        "learning-curve-r2.png", "predicted-vs-actual.png", "residuals.png"));
    TrialArtifacts.assertTensorBoard(m, trialDir, 15);
  }

  @Test
  void wallclockRegressorBeatsMean() throws Exception {
    Map<String, Double> metrics = train(Presets.WALLCLOCK).metrics();
    assertTrue(metrics.get("test_r2") > 0.7, metrics.toString());
    assertTrue(metrics.get("test_rmse") < 0.6 * metrics.get("test_mean_baseline_rmse"), metrics.toString());
  }
}
