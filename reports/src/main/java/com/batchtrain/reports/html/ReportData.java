package com.batchtrain.reports.html;

import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.SweepCost;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrainingHistory;
import com.batchtrain.reports.TrialState;
import com.batchtrain.reports.TrialSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The JSON a report page renders from. Java decides ranking and totals (one definition, testable);
 * the page only lays out, sorts and plots. Non-finite numbers become null: JSON has no NaN.
 */
final class ReportData {
  /** How many of the best trials' learning curves are overlaid. */
  static final int BEST_CURVES = 5;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportData() {}

  static ObjectNode of(SweepReport report) {
    Leaderboard leaderboard = Leaderboard.of(report);
    SweepTotals totals = SweepTotals.of(report);
    ObjectNode root = JSON.objectNode();
    root.put("sweepId", report.sweepId().value());
    root.putObject("objective")
        .put("metric", report.objective().metric())
        .put("goal", report.objective().goal().json());
    root.put("generatedAt", report.generatedAt().toString());
    root.set("totals", totals(totals));
    report.cost().ifPresentOrElse(c -> root.set("cost", cost(c)), () -> root.putNull("cost"));
    leaderboard.best().ifPresentOrElse(b -> root.put("bestTrialId", b.trialId().value()), () -> root.putNull("bestTrialId"));
    root.set("metricNames", names(report, true));
    root.set("hyperparameterNames", names(report, false));
    ArrayNode best = root.putArray("bestTrialIds");
    leaderboard.top(BEST_CURVES).forEach(t -> best.add(t.trialId().value()));
    ArrayNode trials = root.putArray("trials");
    java.util.Set<TrialSummary> curveTrials = new java.util.HashSet<>(leaderboard.top(BEST_CURVES));
    for (Leaderboard.Row row : leaderboard.rows()) {
      trials.add(trial(row, curveTrials.contains(row.trial())));
    }
    return root;
  }

  private static ObjectNode totals(SweepTotals totals) {
    ObjectNode node = JSON.objectNode();
    node.put("trials", totals.trials());
    ObjectNode byState = node.putObject("byState");
    for (TrialState state : TrialState.values()) {
      // A state the totals leave out (pruned, in a sweep where nothing was) gets no card, not one saying null.
      Integer count = totals.byState().get(state);
      if (count != null) {
        byState.put(state.name(), count);
      }
    }
    node.put("computeSeconds", totals.computeSeconds());
    node.put("costKnownTrials", totals.costKnownTrials());
    if (totals.costKnownTrials() > 0) {
      node.put("costUsd", totals.knownCostUsd());
    } else {
      node.putNull("costUsd");
    }
    return node;
  }

  /** The sweep's recorded usage, for the Cost card (the page formats it). */
  private static ObjectNode cost(SweepCost c) {
    ObjectNode node = JSON.objectNode();
    c.unknown().ifPresentOrElse(u -> node.put("unknown", u), () -> node.putNull("unknown"));
    node.put("billed", c.billed());
    node.put("exact", c.exact());
    node.put("attempts", c.attempts());
    node.put("lostAttempts", c.lostAttempts());
    node.put("hours", c.hours());
    node.put("instanceHours", c.instanceHours());
    node.put("gpuHours", c.gpuHours());
    node.put("dollars", c.dollars());
    node.put("lostShare", c.lostShare());
    node.put("pricing", c.pricing());
    return node;
  }

  private static ArrayNode names(SweepReport report, boolean metrics) {
    SortedSet<String> names = new TreeSet<>();
    for (TrialSummary t : report.trials()) {
      names.addAll(metrics ? t.finalMetrics().keySet() : t.hyperparameters().keySet());
    }
    ArrayNode array = JSON.arrayNode();
    names.forEach(array::add);
    return array;
  }

  /**
   * Per-epoch history is embedded only for the trials whose curves are drawn: a sweep may have
   * thousands of trials, and the page would otherwise carry megabytes it never shows.
   */
  private static ObjectNode trial(Leaderboard.Row row, boolean withHistory) {
    TrialSummary t = row.trial();
    ObjectNode node = JSON.objectNode();
    node.put("trialId", t.trialId().value());
    node.put("state", t.state().name());
    if (row.rank().isPresent()) {
      node.put("rank", row.rank().getAsInt());
    } else {
      node.putNull("rank");
    }
    t.failureReason().ifPresentOrElse(r -> node.put("failureReason", r), () -> node.putNull("failureReason"));
    node.set("hyperparameters", MAPPER.valueToTree(t.hyperparameters()));
    ObjectNode metrics = node.putObject("metrics");
    t.finalMetrics().forEach((name, value) -> number(metrics, name, value));
    node.put("computeSeconds", t.computeSeconds());
    if (t.costUsd().isPresent()) {
      node.put("costUsd", t.costUsd().getAsDouble());
    } else {
      node.putNull("costUsd");
    }
    node.put("epochs", t.history().epochs().size());
    if (withHistory) {
      node.set("history", history(t.history()));
    } else {
      node.putNull("history");
    }
    return node;
  }

  private static JsonNode history(TrainingHistory history) {
    ObjectNode node = JSON.objectNode();
    ArrayNode epochs = node.putArray("epochs");
    history.epochs().forEach(e -> epochs.add(e.epoch()));
    if (history.selectedEpoch().isPresent()) {
      node.put("selectedEpoch", history.selectedEpoch().getAsInt());
    } else {
      node.putNull("selectedEpoch");
    }
    ObjectNode metrics = node.putObject("metrics");
    for (String metric : history.metricNames()) {
      ArrayNode values = metrics.putArray(metric);
      for (EpochMetrics e : history.epochs()) {
        double v = e.value(metric);
        if (Double.isFinite(v)) {
          values.add(v);
        } else {
          values.addNull();
        }
      }
    }
    return node;
  }

  private static void number(ObjectNode node, String field, Double value) {
    if (value != null && Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
