package com.batchtrain.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.reports.Fixtures;
import com.batchtrain.reports.SweepReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SweepReportPageTest {
  private static final Pattern DATA_BLOCK =
      Pattern.compile("<script type=\"application/json\" id=\"sweep-data\">(.*?)</script>", Pattern.DOTALL);

  private final SweepReport report = Fixtures.sweepReport();
  private final String page = SweepReportPage.render(report);

  @Test
  void embedsTheDataAsJsonThatSurvivesTheHtmlParser() throws IOException {
    Matcher m = DATA_BLOCK.matcher(page);
    assertTrue(m.find(), "data block present");
    String block = m.group(1);
    // The hostile reason holds </script> and <!--: the block must end only at its own closing tag.
    assertFalse(block.contains("<"), "no raw '<' inside the data block");
    JsonNode data = new ObjectMapper().readTree(block);
    JsonNode t12 = find(data, "t0012");
    assertEquals(Fixtures.HOSTILE_REASON, t12.get("failureReason").asText());
    assertEquals("calcloud-mem-20261123-141500-a1b2", data.get("sweepId").asText());
    assertEquals(16, data.get("trials").size());
  }

  @Test
  void isSelfContained() {
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    assertFalse(Pattern.compile("<script[^>]*\\ssrc=", Pattern.CASE_INSENSITIVE).matcher(page).find(), "no external scripts");
    assertFalse(Pattern.compile("<link[^>]*rel=\"stylesheet\"", Pattern.CASE_INSENSITIVE).matcher(page).find(), "no external styles");
    assertTrue(page.contains("Chart.js v4.6.1"), "Chart.js is inlined");
    assertTrue(page.contains("Permission is hereby granted"), "its MIT licence travels with it");
    assertFalse(page.contains("{{"), "every template slot is filled");
  }

  @Test
  void dataCarriesRanksTotalsAndBestCurves() throws IOException {
    Matcher m = DATA_BLOCK.matcher(page);
    assertTrue(m.find());
    JsonNode data = new ObjectMapper().readTree(m.group(1));
    Leaderboard leaderboard = Leaderboard.of(report);
    assertEquals(leaderboard.best().orElseThrow().trialId().value(), data.get("bestTrialId").asText());
    assertEquals(ReportData.BEST_CURVES, data.get("bestTrialIds").size());
    JsonNode totals = data.get("totals");
    assertEquals(11, totals.get("byState").get("SUCCEEDED").asInt());
    assertEquals(2, totals.get("byState").get("FAILED").asInt());
    assertEquals(2, totals.get("byState").get("RUNNING").asInt());
    assertEquals(1, totals.get("byState").get("PENDING").asInt());
    // Nothing was pruned: no PRUNED count at all (the page would draw a card for it, reading null).
    assertFalse(totals.get("byState").has("PRUNED"), totals.toString());
    // Trials 4, 9, 14 have no cost and t0015 is pending: 12 of 16 known.
    assertEquals(12, totals.get("costKnownTrials").asInt());
    List<String> order = new java.util.ArrayList<>();
    List<String> withHistory = new java.util.ArrayList<>();
    data.get("trials").forEach(t -> {
      order.add(t.get("trialId").asText());
      if (!t.get("history").isNull()) {
        withHistory.add(t.get("trialId").asText());
      }
    });
    assertEquals(leaderboard.rows().stream().map(r -> r.trial().trialId().value()).toList(), order);
    List<String> bestIds = new java.util.ArrayList<>();
    data.get("bestTrialIds").forEach(id -> bestIds.add(id.asText()));
    assertEquals(bestIds, withHistory, "only the drawn curves carry their history");
    JsonNode best = find(data, bestIds.get(0)).get("history");
    TrialSummaryShape.assertMatches(leaderboard.best().orElseThrow(), best);
  }

  @Test
  void titleIsEscaped() {
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", SweepReportPage.escapeHtml("a <b> & \"c\" 'd'"));
  }

  private static JsonNode find(JsonNode data, String trialId) {
    for (JsonNode t : data.get("trials")) {
      if (t.get("trialId").asText().equals(trialId)) {
        return t;
      }
    }
    throw new AssertionError("no trial " + trialId);
  }
}
