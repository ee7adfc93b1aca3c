package com.batchtrain.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.batchtrain.reports.TrialSummary;
import com.fasterxml.jackson.databind.JsonNode;

/** Checks that a trial's embedded history JSON holds exactly the trial's epochs and values. */
final class TrialSummaryShape {
  private TrialSummaryShape() {}

  static void assertMatches(TrialSummary trial, JsonNode history) {
    var epochs = trial.history().epochs();
    assertEquals(epochs.size(), history.get("epochs").size());
    assertEquals(trial.history().selectedEpoch().getAsInt(), history.get("selectedEpoch").asInt());
    for (String metric : trial.history().metricNames()) {
      JsonNode values = history.get("metrics").get(metric);
      for (int i = 0; i < epochs.size(); i++) {
        assertEquals(epochs.get(i).epoch(), history.get("epochs").get(i).asInt());
        assertEquals(epochs.get(i).value(metric), values.get(i).asDouble(), 0.0, metric + " at epoch index " + i);
      }
    }
  }
}
