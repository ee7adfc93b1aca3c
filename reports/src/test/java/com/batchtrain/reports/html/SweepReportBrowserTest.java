package com.batchtrain.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.reports.Fixtures;
import com.batchtrain.reports.ImagePixels;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrialSummary;
import com.batchtrain.testsupport.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Opens a rendered report in headless Chromium: the page must build its leaderboard, draw its charts,
 * sort on header clicks and log no console error. Leaves target/browser/sweep-report.{html,png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepReportBrowserTest {
  private static final Path OUT = Paths.get("target", "browser").toAbsolutePath();

  private final SweepReport report = Fixtures.sweepReport();
  private HeadlessChromium browser;
  private ChromeDriver driver;
  private Path html;

  @BeforeAll
  void openReport() throws IOException {
    HeadlessChromium.assumeInstalled();
    Files.createDirectories(OUT);
    html = OUT.resolve("sweep-report.html");
    Files.writeString(html, SweepReportPage.render(report), StandardCharsets.UTF_8);

    browser = HeadlessChromium.start();
    driver = browser.driver();
  }

  /** A fresh page per test, so that one test's sorting never shapes another's expectations. */
  @BeforeEach
  void load() {
    driver.get(html.toUri().toString());
  }

  @AfterAll
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void leaderboardListsEveryTrialBestFirst() {
    assertEquals("true", driver.findElement(By.tagName("body")).getAttribute("data-rendered"));
    List<String> ids = rowIds();
    assertEquals(16, ids.size());
    assertEquals(Leaderboard.of(report).rows().stream().map(r -> r.trial().trialId().value()).toList(), ids);
    WebElement first = driver.findElement(By.cssSelector("#leaderboard tbody tr"));
    assertTrue(first.getAttribute("class").contains("best"));
    assertEquals("1", first.findElements(By.tagName("td")).get(0).getText());
    assertEquals("11", driver.findElement(By.id("card-state-SUCCEEDED")).findElement(By.className("value")).getText());
  }

  @Test
  void chartsAreDrawn() {
    List<WebElement> canvases = driver.findElements(By.cssSelector("#hyperparameter-charts canvas"));
    assertEquals(5, canvases.size(), "one chart per hyperparameter");
    Map<String, Long> painted = browser.paintedPixelsPerCanvas();
    assertEquals(6, painted.size(), painted.toString());
    painted.forEach((id, pixels) -> assertTrue(pixels > 3000, id + " has only " + pixels + " painted pixels"));
    assertEquals("logarithmic", js("return Chart.getChart(document.querySelector("
        + "'canvas[data-hyperparameter=learning_rate]')).scales.x.type;"), "learning rates span decades");
    assertEquals("category", js("return Chart.getChart(document.querySelector("
        + "'canvas[data-hyperparameter=hidden_units]')).scales.x.type;"), "layer lists are categories");
    assertEquals(5L, js("return Chart.getChart('learning-curves').data.datasets.length;"));
  }

  @Test
  void clickingAHeaderSortsAndClickingAgainReverses() {
    WebElement header = driver.findElement(By.cssSelector("#leaderboard th[data-column=learning_rate]"));
    header.click();
    assertEquals("ascending", header.getAttribute("aria-sort"));
    List<String> ascending = report.trials().stream()
        .sorted(Comparator.comparingDouble((TrialSummary t) -> (Double) t.hyperparameters().get("learning_rate")))
        .map(t -> t.trialId().value()).toList();
    assertEquals(ascending, rowIds());
    header.click();
    assertEquals("descending", header.getAttribute("aria-sort"));
    List<String> descending = new java.util.ArrayList<>(ascending);
    java.util.Collections.reverse(descending);
    assertEquals(descending, rowIds());

    // The objective column opens at its best end: val_accuracy is maximised, so highest first.
    WebElement objective = driver.findElement(By.cssSelector("#leaderboard th[data-column=val_accuracy]"));
    objective.click();
    assertEquals("descending", objective.getAttribute("aria-sort"));
    assertEquals(Leaderboard.of(report).best().orElseThrow().trialId().value(), rowIds().get(0));

    WebElement rank = driver.findElement(By.cssSelector("#leaderboard th[data-column=rank]"));
    rank.click();
    assertEquals("ascending", rank.getAttribute("aria-sort"));
    assertNull(header.getAttribute("aria-sort"));
    assertEquals(Leaderboard.of(report).rows().get(0).trial().trialId().value(), rowIds().get(0));
  }

  @Test
  void failuresShowTheirReasonsAsText() {
    List<WebElement> rows = driver.findElements(By.cssSelector("#failures tbody tr"));
    assertEquals(List.of("t0011", "t0012"), rows.stream().map(r -> r.getAttribute("data-trial-id")).toList());
    assertEquals(Fixtures.HOSTILE_REASON,
        rows.get(1).findElement(By.className("reason")).getAttribute("textContent"));
    assertNull(js("return window.injected === undefined ? null : window.injected;"), "no script from the data ran");
  }

  @Test
  void consoleHasNoErrorsAndAScreenshotIsKept() throws IOException {
    assertEquals(List.of(), browser.consoleProblems(), "console warnings or errors");

    Path png = OUT.resolve("sweep-report.png");
    HeadlessChromium.PageSize page = browser.screenshotWholePage(png);
    ImagePixels pixels = ImagePixels.of(png);
    assertEquals(page.width(), pixels.width());
    assertEquals(page.height(), pixels.height());
    assertTrue(pixels.distinctColours() > 100, "screenshot shows a rendered page: " + pixels);
  }

  @Test
  void aSweepWithNothingFinishedStillRenders() throws IOException {
    SweepReport waiting = new SweepReport(report.sweepId(), report.objective(), report.trials().stream()
        .filter(t -> t.state() == com.batchtrain.reports.TrialState.PENDING).toList(), report.generatedAt());
    Path page = OUT.resolve("sweep-report-pending.html");
    Files.writeString(page, SweepReportPage.render(waiting), StandardCharsets.UTF_8);
    driver.get(page.toUri().toString());
    assertEquals("true", driver.findElement(By.tagName("body")).getAttribute("data-rendered"));
    assertEquals(List.of("t0015"), rowIds());
    assertEquals("no succeeded trial yet", driver.findElement(By.cssSelector("#card-best .note")).getText());
    assertEquals("unknown", driver.findElement(By.cssSelector("#card-cost .value")).getText());
    assertTrue(driver.findElements(By.cssSelector("#hyperparameter-charts canvas")).isEmpty());
    assertEquals("No trial failed.", driver.findElement(By.cssSelector("#failures-section .empty")).getText());
    assertEquals(List.of(), browser.consoleProblems(), "console warnings or errors");
  }

  private List<String> rowIds() {
    return driver.findElements(By.cssSelector("#leaderboard tbody tr")).stream()
        .map(r -> r.getAttribute("data-trial-id")).toList();
  }

  private Object js(String script) {
    return browser.js(script);
  }
}
