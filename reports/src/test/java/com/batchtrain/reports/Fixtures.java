package com.batchtrain.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Realistic, deterministic inputs: curves shaped like a real training run, seeded noise. */
public final class Fixtures {
  private Fixtures() {}

  /** A classifier run that learns quickly then overfits a little; the selected epoch is the best val_loss. */
  public static TrainingHistory classifierHistory(int epochs, double learningRate, long seed) {
    Random random = new Random(seed);
    List<EpochMetrics> list = new ArrayList<>();
    double rate = Math.min(1.0, learningRate * 300);
    int best = 0;
    double bestValLoss = Double.MAX_VALUE;
    for (int e = 1; e <= epochs; e++) {
      double progress = 1 - Math.exp(-rate * e / 3.0);
      double loss = 1.35 - 1.1 * progress + 0.02 * random.nextGaussian();
      double valLoss = loss + 0.05 + 0.012 * Math.max(0, e - epochs * 0.6) + 0.025 * random.nextGaussian();
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("loss", loss);
      m.put("val_loss", valLoss);
      m.put("accuracy", 0.35 + 0.6 * progress + 0.01 * random.nextGaussian());
      m.put("val_accuracy", 0.33 + 0.57 * progress - 0.004 * Math.max(0, e - epochs * 0.6) + 0.012 * random.nextGaussian());
      m.put("seconds", 11.5 + random.nextDouble());
      list.add(new EpochMetrics(e, m));
      if (valLoss < bestValLoss) {
        bestValLoss = valLoss;
        best = e;
      }
    }
    return TrainingHistory.of(list, best);
  }

  public static ClassifierEvaluation classifierEvaluation() {
    List<String> classes = List.of("0-2 GB", "2-8 GB", "8-16 GB", "16+ GB");
    long[][] confusion = {
        {812, 41, 3, 0},
        {37, 655, 58, 4},
        {2, 61, 418, 29},
        {0, 3, 33, 197}};
    List<RocCurve> rocs = new ArrayList<>();
    double[] sharpness = {9, 5, 4, 7};
    for (int c = 0; c < classes.size(); c++) {
      int points = 60;
      double[] fpr = new double[points];
      double[] tpr = new double[points];
      double auc = 0;
      for (int i = 0; i < points; i++) {
        fpr[i] = i / (double) (points - 1);
        tpr[i] = 1 - Math.pow(1 - fpr[i], sharpness[c]);
        if (i > 0) {
          auc += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        }
      }
      rocs.add(new RocCurve(classes.get(c), fpr, tpr, auc));
    }
    return new ClassifierEvaluation(classes, confusion, rocs);
  }

  public static RegressorEvaluation regressorEvaluation(int samples, long seed) {
    Random random = new Random(seed);
    double[] actual = new double[samples];
    double[] predicted = new double[samples];
    for (int i = 0; i < samples; i++) {
      actual[i] = 2 + 60 * Math.pow(random.nextDouble(), 2);
      predicted[i] = actual[i] * 0.95 + 1.2 + random.nextGaussian() * (1.0 + actual[i] * 0.05);
    }
    return new RegressorEvaluation(actual, predicted);
  }
}
