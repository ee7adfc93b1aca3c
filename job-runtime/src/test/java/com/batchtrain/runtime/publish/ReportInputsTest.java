package com.batchtrain.runtime.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.reports.ClassifierEvaluation;
import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.RegressorEvaluation;
import com.batchtrain.reports.TrainingHistory;
import com.batchtrain.runtime.eval.ClassificationReport;
import com.batchtrain.runtime.model.EpochRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportInputsTest {
  @Test
  void classifierKeepsClassNamesConfusionAndOneCurvePerClassPresent() {
    int[] labels = {0, 0, 1, 1};
    float[] p = {
        .9f, .1f, 0f,
        .4f, .6f, 0f,
        .2f, .8f, 0f,
        .3f, .7f, 0f};
    ClassificationReport report = ClassificationReport.of(labels, p, List.of("<2", "2-8", "8-16"));
    ClassifierEvaluation e = ReportInputs.classifier(labels, p, report);
    assertEquals(List.of("<2", "2-8", "8-16"), e.classNames());
    assertEquals(1, e.count(0, 1));
    // "8-16" has no test samples: no ROC curve exists for it.
    assertEquals(List.of("<2", "2-8"), e.rocCurves().stream().map(r -> r.className()).toList());
    assertEquals(report.perClass().get(1).rocAuc(), e.rocCurves().get(1).auc(), 1e-12);
  }

  @Test
  void historyCarriesSecondsAndMarksTheSelectedEpoch() {
    List<EpochRecord> records = List.of(
        new EpochRecord(1, Map.of("loss", 0.9, "val_loss", 1.0), 3.0, 100),
        new EpochRecord(2, Map.of("loss", 0.5, "val_loss", 0.7), 2.5, 120));
    TrainingHistory h = ReportInputs.history(records, 2);
    assertEquals(2, h.selectedEpoch().getAsInt());
    assertEquals(2.5, h.epochs().get(1).value(EpochMetrics.SECONDS), 0);
    assertTrue(h.metricNames().containsAll(List.of("loss", "val_loss", "seconds")));
  }

  @Test
  void regressorWidensPredictionsAlignedBySample() {
    RegressorEvaluation e = ReportInputs.regressor(new float[] {1f, 2f}, new float[] {1.5f, 1f});
    assertEquals(0.5, e.residuals()[0], 1e-6);
    assertEquals(-1.0, e.residuals()[1], 1e-6);
  }
}
