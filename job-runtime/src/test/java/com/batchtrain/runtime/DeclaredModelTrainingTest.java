package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.runtime.data.BadDataException;
import com.batchtrain.runtime.data.DatasetLoader;
import com.batchtrain.contract.preset.Presets;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model declared by the user's own columns (no preset) trains end to end through {@code Main}
 * on a synthetic dataset with a known signal, and must beat the trivial predictor on the test split.
 */
class DeclaredModelTrainingTest {
  @TempDir static Path dir;
  static Path results;
  static Path classes3;
  static Path regression;

  /**
   * Columns in an order unlike the declared one, plus an id and a pure-noise column the model does
   * not declare: only the declared columns are read, found by name.
   */
  @BeforeAll
  static void data() throws IOException {
    results = dir.resolve("results");
    Random rnd = new Random(42);
    StringBuilder c = new StringBuilder("row_id,noise,label,petal,sepal,stem\n");
    StringBuilder r = new StringBuilder("row_id,y,a,b,c\n");
    for (int i = 0; i < 1500; i++) {
      double petal = rnd.nextGaussian();
      double sepal = rnd.nextGaussian();
      double stem = rnd.nextGaussian();
      // Three classes cut from one linear score: learnable, and unbalanced (about 31/38/31 %).
      double score = petal + 0.5 * sepal + 0.1 * rnd.nextGaussian();
      int label = score < -0.6 ? 0 : score < 0.6 ? 1 : 2;
      c.append(String.format(Locale.ROOT, "%d,%.4f,%d,%.4f,%.4f,%.4f%n", i, rnd.nextGaussian(), label, petal, sepal, stem));
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      double cc = rnd.nextGaussian();
      double y = 3 * a - 2 * b + cc * cc + 0.2 * rnd.nextGaussian();
      r.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f%n", i, y, a, b, cc));
    }
    classes3 = dir.resolve("three-classes.csv");
    Files.writeString(classes3, c);
    regression = dir.resolve("regression.csv");
    Files.writeString(regression, r);
  }

  private static String[] trainArgs(String sweep, Path data, String... model) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--sweep-id", sweep, "--data", TrainingFixtures.fileUri(data),
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString(),
        "--hp", "epochs=12", "--hp", "batch_size=32", "--hp", "hidden_units=32,32"));
    args.addAll(List.of(model));
    return args.toArray(String[]::new);
  }

  @Test
  void declaredClassifierFromOptionsBeatsTheMajorityBaseline() throws Exception {
    assertEquals(0, Main.run(trainArgs("declared-cls", classes3, "--task", "classification", "--features", "petal,sepal,stem",
        "--target", "label", "--classes", "3", "--class-names", "small,medium,large", "--objective", "val_accuracy:maximize")));
    Manifest m = TrainingFixtures.manifest(results, "declared-cls", "t0000");
    Map<String, Double> metrics = m.metrics();
    // The majority class is ~38% of rows; the classes are a near-deterministic function of two columns.
    assertTrue(metrics.get("test_accuracy") > metrics.get("test_majority_baseline_accuracy") + 0.3, metrics.toString());
    assertTrue(metrics.get("test_accuracy") > 0.8, metrics.toString());
    assertTrue(metrics.containsKey("val_accuracy"), metrics.toString());

    Path trialDir = results.resolve("sweeps/declared-cls/trials/t0000");
    JsonNode config = ContractJson.mapper().readTree(trialDir.resolve("config.json").toFile());
    assertEquals(Presets.CUSTOM_CLASSIFIER, config.path("preset").asText());
    assertEquals("[\"petal\",\"sepal\",\"stem\"]", config.path("features").toString());
    assertEquals("label", config.path("target").asText());
    assertEquals("[\"small\",\"medium\",\"large\"]", config.path("classNames").toString());
    JsonNode test = ContractJson.mapper().readTree(trialDir.resolve("metrics.json").toFile()).path("test");
    assertEquals(3, test.path("confusion").size());
    assertTrue(m.files().stream().anyMatch(e -> e.path().equals("model/saved_model.pb")), m.files().toString());
  }

  @Test
  void declaredRegressorFromATrialsFileExplainsTheTarget() throws Exception {
    TrialsFile trials = TrialsFile.ofModel("declared-reg", ModelSpec.regression(List.of("a", "b", "c"), "y"),
        TrainingFixtures.fileUri(regression), new Objective("val_r2", Objective.Goal.MAXIMIZE),
        List.of(new TrialsFile.Trial("t0000", Map.of("epochs", 1)),
            new TrialsFile.Trial("t0001", Map.of("epochs", 15, "batch_size", 32, "hidden_units", List.of(32, 32)))));
    Path file = dir.resolve("trials.json");
    Files.write(file, trials.toJson());
    assertEquals(0, Main.run("train", "--trials", TrainingFixtures.fileUri(file), "--trial-index", "1",
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString()));
    Manifest m = TrainingFixtures.manifest(results, "declared-reg", "t0001");
    Map<String, Double> metrics = m.metrics();
    // y = 3a - 2b + c² + noise: the linear part alone explains ~87% of the variance.
    assertTrue(metrics.get("test_r2") > 0.8, metrics.toString());
    assertTrue(metrics.get("test_rmse") < 0.5 * metrics.get("test_mean_baseline_rmse"), metrics.toString());
    JsonNode config = ContractJson.mapper().readTree(results.resolve("sweeps/declared-reg/trials/t0001/config.json").toFile());
    assertEquals(Presets.CUSTOM_REGRESSOR, config.path("preset").asText());
  }

  @Test
  void aDeclaredColumnMissingFromTheDataIsBadData() {
    Path results = dir.resolve("missing-results");
    assertEquals(ExitCode.BAD_DATA.code(), Main.run("train", "--data", TrainingFixtures.fileUri(classes3),
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString(), "--hp", "epochs=1",
        "--task", "classification", "--features", "petal,sepal,leaf", "--target", "label", "--classes", "3"));
    assertEquals(0, TrainingFixtures.fileCount(results), "nothing published");
    // The message names the file and the column.
    BadDataException e = assertThrows(BadDataException.class, () -> new DatasetLoader(
        ModelSpec.classification(List.of("petal", "sepal", "leaf"), "label", 3)).load(classes3));
    assertTrue(e.getMessage().contains("three-classes.csv") && e.getMessage().contains("'leaf'"), e.getMessage());
    BadDataException target = assertThrows(BadDataException.class, () -> new DatasetLoader(
        ModelSpec.regression(List.of("petal"), "height")).load(classes3));
    assertTrue(target.getMessage().contains("'height'"), target.getMessage());
  }

  @Test
  void labelsOutsideTheDeclaredClassesAreBadData() {
    // label takes 0..2; declaring 2 classes makes label 2 invalid.
    Path results = dir.resolve("labels-results");
    assertEquals(ExitCode.BAD_DATA.code(), Main.run("train", "--data", TrainingFixtures.fileUri(classes3),
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString(), "--hp", "epochs=1",
        "--task", "classification", "--features", "petal,sepal", "--target", "label", "--classes", "2"));
    assertEquals(0, TrainingFixtures.fileCount(results), "nothing published");
  }

  @Test
  void presetAndDeclaredModelTogetherOrHalfDeclaredAreBadInput() {
    Path results = dir.resolve("bad-input-results");
    String[] common = {"train", "--data", TrainingFixtures.fileUri(classes3), "--results", TrainingFixtures.fileUri(results),
        "--checkpoint-root", dir.resolve("runs").toString(), "--hp", "epochs=1"};
    int bad = ExitCode.BAD_INPUT.code();
    assertEquals(bad, Main.run(concat(common, "--preset", "calcloud-memory-bin", "--features", "petal,sepal")));
    // Without --classes the classes come from the data; fewer than 2 is an error.
    assertEquals(bad, Main.run(concat(common, "--task", "classification", "--features", "petal", "--target", "label", "--classes", "1")));
    // Without --features the features are every other column; a missing --target is still an error.
    assertEquals(bad, Main.run(concat(common, "--task", "regression", "--features", "petal")));
    assertEquals(bad, Main.run(concat(common, "--task", "regression", "--features", "petal", "--target", "label", "--ignore", "stem")));
    assertEquals(bad, Main.run(concat(common, "--task", "classification", "--target", "label", "--ignore", "label")));
    assertEquals(bad, Main.run(concat(common, "--task", "regression", "--features", "petal,label", "--target", "label")));
    assertEquals(bad, Main.run(concat(common, "--task", "clustering", "--features", "petal", "--target", "label")));
    // A regressor's objective must be a regression metric.
    assertEquals(bad, Main.run(concat(common, "--task", "regression", "--features", "petal", "--target", "sepal",
        "--objective", "val_accuracy:maximize")));
    assertEquals(0, TrainingFixtures.fileCount(results), "nothing published");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
