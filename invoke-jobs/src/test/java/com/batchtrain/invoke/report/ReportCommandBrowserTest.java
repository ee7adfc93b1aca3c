package com.batchtrain.invoke.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.storage.ManifestReader;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
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
 * A real local sweep (the TensorFlow job runtime as child JVMs, 2 trials of 2 epochs), then
 * {@code invoke-jobs report}, then the page in headless Chromium with the reports module's browser
 * test settings. Leaves target/report-browser/report.{html,png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandBrowserTest {
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  private static final Path OUT = Paths.get("target", "report-browser").toAbsolutePath();
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);
  /** Held so the level sticks: Selenium warns that it has no CDP bindings for this Chromium, which this test never uses. */
  private static final java.util.logging.Logger CDP_VERSION_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private Path results;
  private SweepId sweep;
  private Path html;
  private ChromeDriver driver;

  @BeforeAll
  void runASweepAndItsReport(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "report browser test skipped: /usr/bin/chromium is absent (apt-get install -y chromium chromium-driver)");
    results = tmp.resolve("results");
    Path spec = tmp.resolve("spec.yaml");
    // The real-runtime end-to-end test's spec, cut to 2 epochs: two small trials that train in seconds.
    Files.writeString(spec, """
        name: report-e2e
        preset: calcloud-memory-bin
        data: builtin:calcloud
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        retries: 0
        timeout: 10m
        parameters:
          learning_rate: {values: [0.003, 0.02]}
          hidden_units: {value: [16]}
          batch_size: {value: 1024}
          epochs: {value: 2}
        """);
    CliRun run = CliRun.of("sweep", spec.toString(), "--results", results.toString(), "--work-dir",
        tmp.resolve("work").toString(), "--cache-dir", tmp.resolve("cache").toString(), "--parallel", "2");
    assertEquals(0, run.exitCode(), run.toString());
    Matcher m = SWEEP_LINE.matcher(run.out());
    assertTrue(m.find(), run.toString());
    sweep = SweepId.of(m.group(1));

    // Without -o the page lands in the working directory; it is moved under target/ to be kept.
    CliRun report = CliRun.of("report", sweep.value(), "--results", results.toString());
    assertEquals(0, report.exitCode(), report.toString());
    Path written = Path.of("report-" + sweep + ".html").toAbsolutePath();
    assertEquals(written.toString(), report.out().strip());
    Files.createDirectories(OUT);
    html = Files.move(written, OUT.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);

    CDP_VERSION_LOG.setLevel(Level.OFF);
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
    driver.get(html.toUri().toString());
  }

  @AfterAll
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void leaderboardRowsAreTheFinishedTrialsBestFirst() {
    List<Manifest> manifests;
    try (ObjectStore store = ObjectStores.open(StorageUri.ofPath(results), S3Settings.defaults())) {
      manifests = new ManifestReader(store, new ResultsLayout(StorageUri.ofPath(results))).readSweep(sweep);
    }
    assertEquals(2, manifests.size());
    List<String> expected = manifests.stream()
        .sorted(Comparator.comparingDouble((Manifest x) -> x.metrics().get("val_accuracy")).reversed()
            .thenComparing(Manifest::trialId))
        .map(Manifest::trialId).toList();
    assertEquals("true", driver.findElement(By.tagName("body")).getAttribute("data-rendered"));
    List<WebElement> rows = driver.findElements(By.cssSelector("#leaderboard tbody tr"));
    assertEquals(expected, rows.stream().map(r -> r.getAttribute("data-trial-id")).toList());
    assertEquals(List.of("1", "2"), rows.stream().map(r -> r.findElements(By.tagName("td")).get(0).getText()).toList());
    assertEquals("2", driver.findElement(By.id("card-state-SUCCEEDED")).findElement(By.className("value")).getText());
    assertEquals("No trial failed.", driver.findElement(By.cssSelector("#failures-section .empty")).getText());
  }

  @Test
  void chartsAreDrawnFromTheTrialsHistories() {
    @SuppressWarnings("unchecked")
    Map<String, Long> painted = (Map<String, Long>) js(
        "var out = {};"
            + "document.querySelectorAll('canvas').forEach(function (c) {"
            + "  var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
            + "  for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }"
            + "  out[c.id] = n; });"
            + "return out;");
    assertTrue(painted.containsKey("learning-curves"), painted.toString());
    assertTrue(painted.keySet().stream().anyMatch(id -> id.startsWith("hp-chart-")), painted.toString());
    painted.forEach((id, pixels) -> assertTrue(pixels > 3000, id + " has only " + pixels + " painted pixels"));
    assertEquals(2L, js("return Chart.getChart('learning-curves').data.datasets.length;"), "one curve per finished trial");
    assertEquals(2L, js("return Chart.getChart('learning-curves').data.datasets[0].data.length;"), "two epochs each");
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
    Path png = OUT.resolve("report.png");
    Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 100, "screenshot shows a rendered page: " + colours.size() + " colours");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }
}
