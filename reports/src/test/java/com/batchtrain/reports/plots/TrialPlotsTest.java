package com.batchtrain.reports.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.Fixtures;
import com.batchtrain.reports.ImagePixels;
import com.batchtrain.reports.TrainingHistory;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TrialPlotsTest {
  /** Kept under target/ so a person (or CI) can look at what the plots look like. */
  private static final Path OUT = Paths.get("target", "plots-under-test");

  @Test
  void runsWithoutADisplay() {
    assertTrue(GraphicsEnvironment.isHeadless(), "plots must render with java.awt.headless=true");
  }

  @Test
  void classifierTrialGetsLearningCurvesConfusionMatricesAndRoc() throws IOException {
    Path dir = OUT.resolve("classifier");
    List<Path> files = TrialPlots.writeAll(dir, Fixtures.classifierHistory(30, 0.003, 7), Fixtures.classifierEvaluation());

    assertEquals(List.of("learning-curve-accuracy.png", "learning-curve-loss.png", "learning-curve-seconds.png",
            TrialPlots.CONFUSION_MATRIX, TrialPlots.CONFUSION_MATRIX_NORMALISED, TrialPlots.ROC),
        files.stream().map(p -> p.getFileName().toString()).toList());
    for (Path file : files) {
      assertTrue(Files.isRegularFile(file), file + " exists");
      assertDrawn(file);
    }
    ImagePixels loss = ImagePixels.of(dir.resolve("learning-curve-loss.png"));
    assertEquals(PlotStyle.WIDTH, loss.width());
    assertEquals(PlotStyle.HEIGHT, loss.height());
    // 4 classes: the heat map is sized from the class count (160 + 60 per class, at least HEIGHT).
    ImagePixels matrix = ImagePixels.of(dir.resolve(TrialPlots.CONFUSION_MATRIX));
    assertEquals(PlotStyle.HEIGHT + 160, matrix.width());
    assertEquals(PlotStyle.HEIGHT, matrix.height());
  }

  @Test
  void learningCurveDrawsTrainValidationAndTheSelectedCheckpoint() throws IOException {
    Path file = TrialPlots.writeAll(OUT.resolve("curves"), Fixtures.classifierHistory(20, 0.002, 3)).get(1);
    assertEquals("learning-curve-loss.png", file.getFileName().toString());
    assertTrue(ImagePixels.countNear(file, PlotStyle.TRAIN.getRGB(), 12) > 200, "train series in blue");
    assertTrue(ImagePixels.countNear(file, PlotStyle.VALIDATION.getRGB(), 12) > 200, "validation series in orange");
    assertTrue(ImagePixels.countNear(file, PlotStyle.SELECTED.getRGB(), 12) > 50, "selected checkpoint in red");
  }

  @Test
  void historyWithoutSelectionHasNoCheckpointMark() throws IOException {
    TrainingHistory history = new TrainingHistory(List.of(
        new EpochMetrics(0, Map.of("loss", 1.0)), new EpochMetrics(1, Map.of("loss", 0.7)),
        new EpochMetrics(2, Map.of("loss", 0.5))), OptionalInt.empty());
    Path file = TrialPlots.writeAll(OUT.resolve("unselected"), history).get(0);
    assertDrawn(file);
    assertEquals(0, ImagePixels.countNear(file, PlotStyle.SELECTED.getRGB(), 12));
  }

  @Test
  void regressorTrialGetsScatterAndResidualHistogram() throws IOException {
    List<Path> files = TrialPlots.writeAll(OUT.resolve("regressor"), Fixtures.classifierHistory(5, 0.001, 1),
        Fixtures.regressorEvaluation(400, 11));
    List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(names.containsAll(List.of(TrialPlots.PREDICTED_VS_ACTUAL, TrialPlots.RESIDUALS)), names.toString());
    files.forEach(TrialPlotsTest::assertDrawnUnchecked);
    assertTrue(ImagePixels.countNear(OUT.resolve("regressor").resolve(TrialPlots.PREDICTED_VS_ACTUAL),
        PlotStyle.SELECTED.getRGB(), 12) > 100, "y = x line drawn in red");
  }

  @Test
  void divergedTrialPlotsWhatIsFiniteAndSkipsTheRest() throws IOException {
    TrainingHistory history = new TrainingHistory(List.of(
        new EpochMetrics(1, Map.of("loss", Double.NaN, "accuracy", 0.4)),
        new EpochMetrics(2, Map.of("loss", Double.NaN, "accuracy", 0.41))), OptionalInt.empty());
    double[] actual = {1, 2, 3, 4, 5, 6};
    double[] predicted = {1.1, Double.NaN, 2.9, Double.POSITIVE_INFINITY, 5.2, 5.8};
    List<Path> files = TrialPlots.writeAll(OUT.resolve("diverged"), history,
        new com.batchtrain.reports.RegressorEvaluation(actual, predicted));
    assertEquals(List.of("learning-curve-accuracy.png", TrialPlots.PREDICTED_VS_ACTUAL, TrialPlots.RESIDUALS),
        files.stream().map(p -> p.getFileName().toString()).toList());
    files.forEach(TrialPlotsTest::assertDrawnUnchecked);

    List<Path> nothing = TrialPlots.writeAll(OUT.resolve("all-nan"), TrainingHistory.empty(),
        new com.batchtrain.reports.RegressorEvaluation(new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}));
    assertTrue(nothing.isEmpty(), "no plot without a finite sample: " + nothing);
  }

  @Test
  void manyClassesGrowTheHeatMap() throws IOException {
    List<String> classes = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "class-" + i).toList();
    long[][] confusion = new long[12][12];
    for (int i = 0; i < 12; i++) {
      confusion[i][i] = 50 + i;
      confusion[i][(i + 1) % 12] = 3;
    }
    List<Path> files = TrialPlots.writeAll(OUT.resolve("twelve"), TrainingHistory.empty(),
        new com.batchtrain.reports.ClassifierEvaluation(classes, confusion, List.of()));
    assertEquals(2, files.size(), "no ROC without curves, no learning curves without epochs");
    ImagePixels image = ImagePixels.of(files.get(0));
    assertEquals(160 + 60 * 12, image.height());
    assertDrawn(files.get(1));
  }

  @Test
  void rejectsAMatrixThatDoesNotMatchTheClasses() {
    assertThrows(IllegalArgumentException.class, () -> new com.batchtrain.reports.ClassifierEvaluation(
        List.of("a", "b"), new long[][] {{1, 2}}, List.of()));
  }

  private static void assertDrawn(Path png) throws IOException {
    ImagePixels pixels = ImagePixels.of(png);
    assertTrue(pixels.nonBackgroundFraction() > 0.01, png + " mostly blank: " + pixels);
    assertTrue(pixels.distinctColours() > 20, png + " has too few colours: " + pixels);
    assertTrue(pixels.lumaVariance() > 50, png + " has almost no contrast: " + pixels);
  }

  private static void assertDrawnUnchecked(Path png) {
    try {
      assertDrawn(png);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
