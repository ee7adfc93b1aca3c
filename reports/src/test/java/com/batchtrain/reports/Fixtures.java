package com.batchtrain.reports;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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

  /** A failure reason that would end the data block early if the page did not escape it. */
  public static final String HOSTILE_REASON =
      "BAD_DATA: column 'mem<\\/script>' </script><script>window.injected = true;</script> & <!-- not a comment";

  /**
   * A 16-trial sweep as the CLI would assemble it mid-run: 11 succeeded, 2 failed, 2 running,
   * 1 pending; costs known for most trials only.
   */
  public static SweepReport sweepReport() {
    Random random = new Random(42);
    List<TrialSummary> trials = new ArrayList<>();
    List<List<Integer>> layers = List.of(List.of(32), List.of(64, 64), List.of(128, 64), List.of(256, 128, 64));
    for (int i = 0; i < 16; i++) {
      double lr = Math.pow(10, -4 + 3 * random.nextDouble());
      Map<String, Object> hp = new LinkedHashMap<>();
      hp.put("learning_rate", lr);
      hp.put("hidden_units", layers.get(i % layers.size()));
      hp.put("batch_size", List.of(64, 128, 256, 512).get(random.nextInt(4)));
      hp.put("dropout", Math.round(random.nextDouble() * 50) / 100.0);
      hp.put("optimizer", i % 3 == 0 ? "sgd" : "adam");
      TrialState state = i < 11 ? TrialState.SUCCEEDED : i < 13 ? TrialState.FAILED : i < 15 ? TrialState.RUNNING : TrialState.PENDING;
      TrainingHistory history = switch (state) {
        case SUCCEEDED, PRUNED -> classifierHistory(20 + random.nextInt(11), lr, i);
        case RUNNING -> unselected(classifierHistory(6 + i % 3, lr, i));
        case FAILED -> i == 11 ? unselected(classifierHistory(3, lr, i)) : TrainingHistory.empty();
        case PENDING -> TrainingHistory.empty();
      };
      Map<String, Double> finals = new LinkedHashMap<>();
      if (!history.isEmpty()) {
        EpochMetrics last = history.selectedEpoch().isPresent()
            ? history.epochs().stream().filter(e -> e.epoch() == history.selectedEpoch().getAsInt()).findFirst().orElseThrow()
            : history.epochs().get(history.epochs().size() - 1);
        last.values().forEach((k, v) -> {
          if (!k.equals("seconds")) {
            finals.put(k, v);
          }
        });
      }
      double seconds = history.epochs().stream().mapToDouble(e -> e.value("seconds")).sum() + 40;
      Optional<String> reason = switch (i) {
        case 11 -> Optional.of("TRANSIENT: Host EC2 (instance i-0abc) terminated; retries exhausted after 3 attempts");
        case 12 -> Optional.of(HOSTILE_REASON);
        default -> Optional.empty();
      };
      OptionalDouble cost = state == TrialState.PENDING || i % 5 == 4 ? OptionalDouble.empty()
          : OptionalDouble.of(seconds / 3600 * 0.526);
      trials.add(new TrialSummary(TrialId.ofIndex(i), state, reason, hp, finals, history,
          state == TrialState.PENDING ? 0 : seconds, cost));
    }
    return new SweepReport(SweepId.of("calcloud-mem-20261123-141500-a1b2"),
        new Objective("val_accuracy", Objective.Goal.MAXIMIZE), trials, Instant.parse("2026-11-23T16:02:11Z"));
  }

  private static TrainingHistory unselected(TrainingHistory history) {
    return new TrainingHistory(history.epochs(), java.util.OptionalInt.empty());
  }
}
