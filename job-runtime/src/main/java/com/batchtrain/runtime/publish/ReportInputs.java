package com.batchtrain.runtime.publish;

import com.batchtrain.reports.ClassifierEvaluation;
import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.RegressorEvaluation;
import com.batchtrain.reports.RocCurve;
import com.batchtrain.reports.TrainingHistory;
import com.batchtrain.runtime.eval.ClassificationReport;
import com.batchtrain.runtime.eval.RocPoints;
import com.batchtrain.runtime.model.EpochRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The runtime's epoch records and test predictions as the reports module's inputs. */
public final class ReportInputs {
  private ReportInputs() {}

  public static EpochMetrics epoch(EpochRecord record) {
    Map<String, Double> values = new LinkedHashMap<>(record.metrics());
    values.put(EpochMetrics.SECONDS, record.seconds());
    return new EpochMetrics(record.epoch(), values);
  }

  /** The history with {@code selectedEpoch} marked (it is always an epoch boundary of this history). */
  public static TrainingHistory history(List<EpochRecord> records, int selectedEpoch) {
    List<EpochMetrics> epochs = records.stream().map(ReportInputs::epoch).toList();
    boolean logged = records.stream().anyMatch(r -> r.epoch() == selectedEpoch);
    return new TrainingHistory(epochs, logged ? OptionalInt.of(selectedEpoch) : OptionalInt.empty());
  }

  /** {@code probabilities} is row-major rows x classes, as the model outputs them. */
  public static ClassifierEvaluation classifier(int[] labels, float[] probabilities, ClassificationReport report) {
    List<String> names = report.perClass().stream().map(ClassificationReport.PerClass::name).toList();
    List<RocCurve> curves = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      String name = names.get(c);
      double auc = report.perClass().get(c).rocAuc();
      RocPoints.oneVsRest(labels, probabilities, names.size(), c)
          .ifPresent(p -> curves.add(new RocCurve(name, p.falsePositiveRate(), p.truePositiveRate(), auc)));
    }
    return new ClassifierEvaluation(names, report.confusion(), curves);
  }

  public static RegressorEvaluation regressor(float[] targets, float[] predictions) {
    double[] actual = new double[targets.length];
    double[] predicted = new double[targets.length];
    for (int i = 0; i < targets.length; i++) {
      actual[i] = targets[i];
      predicted[i] = predictions[i];
    }
    return new RegressorEvaluation(actual, predicted);
  }
}
