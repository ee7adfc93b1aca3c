package com.batchtrain.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven by its chromedriver, for tests that open a page the project
 * renders. The flags keep it off the network this sandbox does not have and let it run as root.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path CHROMIUM = RequiredTool.CHROMIUM.path();
  public static final Path CHROMEDRIVER = RequiredTool.CHROMEDRIVER.path();
  /** Held so the level sticks: Selenium warns that it has no CDP bindings for this Chromium, which no test uses. */
  private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  /** Counts the painted (non-transparent) pixels of every canvas, keyed by canvas id. */
  private static final String PAINTED_PIXELS_PER_CANVAS = "var out = {};"
      + "document.querySelectorAll('canvas').forEach(function (c) {"
      + "  var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
      + "  for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }"
      + "  out[c.id] = n; });"
      + "return out;";

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Skips the calling test when Debian's chromium or chromium-driver package is not installed, and
   * fails it under CI ({@link RequiredTool}).
   */
  public static void assumeInstalled() {
    RequiredTool.CHROMIUM.require();
    RequiredTool.CHROMEDRIVER.require();
  }

  public static HeadlessChromium start() throws IOException {
    assumeInstalled();
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
    return new HeadlessChromium(new ChromeDriver(service, options));
  }

  public ChromeDriver driver() {
    return driver;
  }

  public Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Long> paintedPixelsPerCanvas() {
    return (Map<String, Long>) js(PAINTED_PIXELS_PER_CANVAS);
  }

  /** Browser console entries since the last call, each also printed so a failing build shows them. */
  public List<LogEntry> consoleEntries() {
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    entries.forEach(e -> System.out.println("browser console: " + e));
    return entries;
  }

  /** Console entries at WARNING or above since the last call: a page that renders cleanly has none. */
  public List<LogEntry> consoleProblems() {
    return consoleEntries().stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
  }

  /** Saves a PNG of the whole page, beyond the viewport; returns its expected size in CSS pixels. */
  public PageSize screenshotWholePage(Path png) throws IOException {
    long width = (Long) js("return document.documentElement.scrollWidth;");
    long height = (Long) js("return document.documentElement.scrollHeight;");
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    return new PageSize(width, height);
  }

  public record PageSize(long width, long height) {}

  @Override
  public void close() {
    driver.quit();
  }
}
