package com.batchtrain.reports.plots;

import com.batchtrain.reports.ClassifierEvaluation;
import com.batchtrain.reports.MetricCurve;
import com.batchtrain.reports.RegressorEvaluation;
import com.batchtrain.reports.TrainingHistory;
import com.batchtrain.reports.TrialEvaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a trial's plots as PNG files into one directory (a trial publishes them under
 * {@code plots/}): a learning curve per metric, and the evaluation plots of its task kind.
 */
public final class TrialPlots {
  public static final String CONFUSION_MATRIX = "confusion-matrix.png";
  public static final String CONFUSION_MATRIX_NORMALISED = "confusion-matrix-normalised.png";
  public static final String ROC = "roc.png";
  public static final String PREDICTED_VS_ACTUAL = "predicted-vs-actual.png";
  public static final String RESIDUALS = "residuals.png";

  private TrialPlots() {}

  /** Learning curves only (e.g. a trial whose evaluation is not available). */
  public static List<Path> writeAll(Path outputDir, TrainingHistory history) throws IOException {
    return write(outputDir, history, null);
  }

  /** Learning curves and the evaluation's plots; returns the files written, in writing order. */
  public static List<Path> writeAll(Path outputDir, TrainingHistory history, TrialEvaluation evaluation)
      throws IOException {
    if (evaluation == null) {
      throw new IllegalArgumentException("evaluation must not be null; use writeAll(outputDir, history)");
    }
    return write(outputDir, history, evaluation);
  }

  /** The file a metric's learning curve is written to, e.g. {@code learning-curve-val_accuracy.png}. */
  public static String learningCurveFileName(String metric) {
    return "learning-curve-" + metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_") + ".png";
  }

  private static List<Path> write(Path outputDir, TrainingHistory history, TrialEvaluation evaluation)
      throws IOException {
    List<Path> written = new ArrayList<>();
    for (MetricCurve curve : MetricCurve.of(history)) {
      var chart = LearningCurveChart.of(history, curve);
      if (chart.isPresent()) {
        written.add(PngFile.write(chart.get(), outputDir.resolve(learningCurveFileName(curve.name()))));
      }
    }
    if (evaluation instanceof ClassifierEvaluation classifier) {
      written.add(PngFile.write(ConfusionMatrixChart.counts(classifier), outputDir.resolve(CONFUSION_MATRIX)));
      written.add(PngFile.write(ConfusionMatrixChart.normalised(classifier),
          outputDir.resolve(CONFUSION_MATRIX_NORMALISED)));
      if (!classifier.rocCurves().isEmpty()) {
        written.add(PngFile.write(RocChart.of(classifier), outputDir.resolve(ROC)));
      }
    } else if (evaluation instanceof RegressorEvaluation regressor && regressor.finiteSamples().isPresent()) {
      RegressorEvaluation finite = regressor.finiteSamples().get();
      written.add(PngFile.write(PredictedVsActualChart.of(finite), outputDir.resolve(PREDICTED_VS_ACTUAL)));
      written.add(PngFile.write(ResidualHistogramChart.of(finite), outputDir.resolve(RESIDUALS)));
    }
    return List.copyOf(written);
  }
}
