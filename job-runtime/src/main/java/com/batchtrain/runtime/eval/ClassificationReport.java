package com.batchtrain.runtime.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out metrics of a classifier: accuracy, balanced accuracy, per-class precision/recall/F1 and
 * one-vs-rest ROC AUC, the confusion matrix raw and normalised by true class, and the
 * majority-class baseline the model must beat.
 */
public record ClassificationReport(
    int rows,
    double loss,
    double accuracy,
    double balancedAccuracy,
    double macroF1,
    double macroRocAuc,
    double majorityBaselineAccuracy,
    List<PerClass> perClass,
    long[][] confusion,
    double[][] confusionNormalized) {

  public record PerClass(String name, long support, double precision, double recall, double f1, double rocAuc) {}

  /** {@code probabilities} is row-major rows x classes. */
  public static ClassificationReport of(int[] labels, float[] probabilities, List<String> classNames) {
    int k = classNames.size();
    int n = labels.length;
    long[][] confusion = new long[k][k];
    double logLoss = 0;
    long correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (probabilities[i * k + c] > probabilities[i * k + best]) {
          best = c;
        }
      }
      confusion[labels[i]][best]++;
      correct += best == labels[i] ? 1 : 0;
      logLoss -= Math.log(Math.max(1e-7, probabilities[i * k + labels[i]]));
    }
    List<PerClass> perClass = new ArrayList<>();
    double[][] normalized = new double[k][k];
    double recallSum = 0;
    double f1Sum = 0;
    double aucSum = 0;
    int aucCount = 0;
    long majority = 0;
    for (int c = 0; c < k; c++) {
      long support = 0;
      long predicted = 0;
      for (int j = 0; j < k; j++) {
        support += confusion[c][j];
        predicted += confusion[j][c];
      }
      majority = Math.max(majority, support);
      for (int j = 0; j < k; j++) {
        normalized[c][j] = support == 0 ? 0 : (double) confusion[c][j] / support;
      }
      double precision = predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
      double recall = support == 0 ? 0 : (double) confusion[c][c] / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      double auc = RocAuc.oneVsRest(labels, probabilities, k, c);
      if (!Double.isNaN(auc)) {
        aucSum += auc;
        aucCount++;
      }
      recallSum += recall;
      f1Sum += f1;
      perClass.add(new PerClass(classNames.get(c), support, precision, recall, f1, auc));
    }
    return new ClassificationReport(n, logLoss / n, (double) correct / n, recallSum / k, f1Sum / k,
        aucCount == 0 ? Double.NaN : aucSum / aucCount, (double) majority / n, perClass, confusion, normalized);
  }

  /** Scalar metrics named {@code prefix + name}, e.g. val_accuracy. */
  public Map<String, Double> scalars(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "loss", loss);
    m.put(prefix + "accuracy", accuracy);
    m.put(prefix + "balanced_accuracy", balancedAccuracy);
    m.put(prefix + "macro_f1", macroF1);
    return m;
  }
}
