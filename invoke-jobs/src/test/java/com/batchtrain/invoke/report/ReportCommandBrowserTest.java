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
import com.batchtrain.testsupport.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real local sweep (the TensorFlow job runtime as child JVMs, 2 trials of 2 epochs), then
 * {@code invoke-jobs report}, then the page in headless Chromium with the reports module's browser
 * test settings. Leaves target/report-browser/report.{html,png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandBrowserTest {
  private static final Path OUT = Paths.get("target", "report-browser").toAbsolutePath();
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);

  private Path results;
  private SweepId sweep;
  private Path html;
  private String prunedTrial;
  private HeadlessChromium browser;
  private ChromeDriver driver;

  @BeforeAll
  void runASweepAndItsReport(@TempDir Path tmp) throws Exception {
    HeadlessChromium.assumeInstalled();
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
    markTheWorseTrialPruned();

    // Without -o the page lands in the working directory; it is moved under target/ to be kept.
    CliRun report = CliRun.of("report", sweep.value(), "--results", results.toString());
    assertEquals(0, report.exitCode(), report.toString());
    Path written = Path.of("report-" + sweep + ".html").toAbsolutePath();
    assertEquals(written.toString(), report.out().strip());
    Files.createDirectories(OUT);
    html = Files.move(written, OUT.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);

    browser = HeadlessChromium.start();
    driver = browser.driver();
    driver.get(html.toUri().toString());
  }

  /**
   * As if early stopping had ended the worse trial after epoch 1 (the runtime's own pruning is tested
   * in job-runtime): the trials file gets the rule and that trial's manifest its {@code pruned}, so
   * the page shows the mark and the epochs saved.
   */
  private void markTheWorseTrialPruned() {
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(results));
    try (ObjectStore store = ObjectStores.open(StorageUri.ofPath(results), S3Settings.defaults())) {
      com.batchtrain.invoke.sweep.SweepStore sweeps = new com.batchtrain.invoke.sweep.SweepStore(store, layout);
      sweeps.writeTrials(sweeps.readTrials(sweep).withEarlyStopping(com.batchtrain.contract.pruning.EarlyStopping.asha(1, 3, 2)));
      Manifest worse = new ManifestReader(store, layout).readSweep(sweep).stream()
          .min(Comparator.comparingDouble((Manifest x) -> x.metrics().get("val_accuracy")).thenComparing(Manifest::trialId,
              Comparator.reverseOrder()))
          .orElseThrow();
      prunedTrial = worse.trialId();
      store.write(layout.manifest(sweep, com.batchtrain.contract.TrialId.of(worse.trialId())), new Manifest(worse.sweepId(),
          worse.trialId(), worse.createdAt(), worse.hyperparameters(), worse.metrics(), worse.files(), worse.classNames(),
          new Manifest.Pruned(1, 2, "asha: not in the best 1/3 at rung epoch 1")).toJson());
    }
  }

  @Test
  void theLeaderboardMarksThePrunedTrialAndThePageStatesTheEpochsSaved() {
    assertEquals("asha (grace 1, reduction 3, max 2: rung at epoch 1): 1 of 2 trials pruned, 1 epoch saved.",
        driver.findElement(By.id("early-stopping-summary")).getText());
    assertEquals(prunedTrial + " pruned at epoch 1 of 2: asha: not in the best 1/3 at rung epoch 1",
        driver.findElement(By.cssSelector("#pruned-trials li")).getText());
    List<WebElement> headers = driver.findElements(By.cssSelector("#leaderboard thead th"));
    int column = headers.stream().map(h -> h.getAttribute("data-column")).toList().indexOf("pruned_at_epoch");
    assertTrue(column >= 0, "a pruned_at_epoch column");
    for (WebElement row : driver.findElements(By.cssSelector("#leaderboard tbody tr"))) {
      String cell = row.findElements(By.tagName("td")).get(column).getText();
      assertEquals(row.getAttribute("data-trial-id").equals(prunedTrial) ? "1" : "\u2014", cell, row.getAttribute("data-trial-id"));
      // Ranked with the finished trials, its state badge says pruned.
      boolean pruned = row.getAttribute("data-trial-id").equals(prunedTrial);
      assertEquals(pruned ? "PRUNED" : "SUCCEEDED", row.findElement(By.cssSelector(".state")).getText());
      assertTrue(!row.findElements(By.tagName("td")).get(0).getText().equals("\u2014"), "ranked: " + row.getText());
    }
    assertEquals("1", driver.findElement(By.id("card-state-PRUNED")).findElement(By.className("value")).getText());
  }

  @AfterAll
  void closeBrowser() {
    if (browser != null) {
      browser.close();
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
    // One of the two was pruned by early stopping (this sweep's setUp): finished either way.
    assertEquals("1", driver.findElement(By.id("card-state-SUCCEEDED")).findElement(By.className("value")).getText());
    assertEquals("1", driver.findElement(By.id("card-state-PRUNED")).findElement(By.className("value")).getText());
    assertEquals("No trial failed.", driver.findElement(By.cssSelector("#failures-section .empty")).getText());
  }

  /** On this machine nothing is billed: the Cost card says so, with the hours the runner recorded. */
  @Test
  void theCostCardShowsTheHoursThisMachineRanTheTrials() {
    WebElement card = driver.findElement(By.id("card-cost"));
    assertEquals("not billed", card.findElement(By.className("value")).getText());
    String note = card.findElement(By.className("note")).getText();
    assertTrue(note.matches("(\\d+ s|\\d+ min \\d+ s) on this machine \u00b7 0\\.0 % lost to retries \\(0 of 2 attempts\\)"), note);
  }

  @Test
  void chartsAreDrawnFromTheTrialsHistories() {
    Map<String, Long> painted = browser.paintedPixelsPerCanvas();
    assertTrue(painted.containsKey("learning-curves"), painted.toString());
    assertTrue(painted.keySet().stream().anyMatch(id -> id.startsWith("hp-chart-")), painted.toString());
    painted.forEach((id, pixels) -> assertTrue(pixels > 3000, id + " has only " + pixels + " painted pixels"));
    assertEquals(2L, js("return Chart.getChart('learning-curves').data.datasets.length;"), "one curve per finished trial");
    assertEquals(2L, js("return Chart.getChart('learning-curves').data.datasets[0].data.length;"), "two epochs each");
  }

  @Test
  void consoleHasNoErrorsAndAScreenshotIsKept() throws IOException {
    assertEquals(List.of(), browser.consoleProblems(), "console warnings or errors");

    Path png = OUT.resolve("report.png");
    HeadlessChromium.PageSize page = browser.screenshotWholePage(png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(page.width(), image.getWidth());
    assertEquals(page.height(), image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 100, "screenshot shows a rendered page: " + colours.size() + " colours");
  }

  private Object js(String script) {
    return browser.js(script);
  }
}
