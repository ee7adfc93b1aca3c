package com.batchtrain.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.reports.Fixtures;
import com.batchtrain.reports.ImagePixels;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrialSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens a rendered report in headless Chromium: the page must build its leaderboard, draw its charts,
 * sort on header clicks and log no console error. Leaves target/browser/sweep-report.{html,png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepReportBrowserTest {
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  private static final Path OUT = Paths.get("target", "browser").toAbsolutePath();
  /** Held so the level sticks: Selenium warns that it has no CDP bindings for this Chromium, which this test never uses. */
  private static final java.util.logging.Logger CDP_VERSION_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private final SweepReport report = Fixtures.sweepReport();
  private ChromeDriver driver;
  private Path html;

  @BeforeAll
  void openReport() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "browser test skipped: /usr/bin/chromium is absent (apt-get install -y chromium chromium-driver)");
    CDP_VERSION_LOG.setLevel(Level.OFF);
    Files.createDirectories(OUT);
    html = OUT.resolve("sweep-report.html");
    Files.writeString(html, SweepReportPage.render(report), StandardCharsets.UTF_8);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  /** A fresh page per test, so that one test's sorting never shapes another's expectations. */
  @BeforeEach
  void load() {
    driver.get(html.toUri().toString());
  }

  @AfterAll
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
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
    @SuppressWarnings("unchecked")
    Map<String, Long> painted = (Map<String, Long>) js(
        "var out = {};"
            + "document.querySelectorAll('canvas').forEach(function (c) {"
            + "  var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
            + "  for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }"
            + "  out[c.id] = n; });"
            + "return out;");
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
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    entries.forEach(e -> System.out.println("browser console: " + e));
    assertTrue(entries.stream().noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue()),
        "console warnings or errors: " + entries);

    long width = (Long) js("return document.documentElement.scrollWidth;");
    long height = (Long) js("return document.documentElement.scrollHeight;");
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    Path png = OUT.resolve("sweep-report.png");
    Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    ImagePixels pixels = ImagePixels.of(png);
    assertEquals(width, pixels.width());
    assertEquals(height, pixels.height());
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
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertTrue(entries.stream().noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue()),
        "console warnings or errors: " + entries);
  }

  private List<String> rowIds() {
    return driver.findElements(By.cssSelector("#leaderboard tbody tr")).stream()
        .map(r -> r.getAttribute("data-trial-id")).toList();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }
}
