package com.batchtrain.invoke.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.testsupport.HeadlessChromium;
import com.batchtrain.testsupport.RequiredTool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Reads a written report page back: its embedded data, and its failures table as Chromium renders it. */
public final class ReportPages {
  private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"sweep-data\">(.*?)</script>",
      Pattern.DOTALL);

  private ReportPages() {}

  /** Trial id to failure reason of every trial the page lists as failed. */
  public static Map<String, String> failureReasons(Path html) throws IOException {
    Matcher m = DATA.matcher(Files.readString(html, StandardCharsets.UTF_8));
    assertTrue(m.find(), "no sweep-data in " + html);
    JsonNode data = new ObjectMapper().readTree(m.group(1));
    Map<String, String> out = new TreeMap<>();
    for (JsonNode t : data.get("trials")) {
      if (t.get("state").asText().equals("FAILED")) {
        out.put(t.get("trialId").asText(), t.get("failureReason").isNull() ? null : t.get("failureReason").asText());
      }
    }
    return out;
  }

  /**
   * The page's failures table, rendered by headless Chromium, shows exactly {@code reasons}, each
   * next to its trial. Without Chromium the check is left out (it fails under CI, as every browser test).
   */
  public static void assertFailuresTableShows(Path html, Map<String, String> reasons) throws IOException {
    if (!(RequiredTool.CHROMIUM.present() && RequiredTool.CHROMEDRIVER.present()) && !RequiredTool.underCi()) {
      System.err.println("ReportPages: no Chromium here, the failures table was not rendered (" + RequiredTool.CHROMIUM.install() + ")");
      return;
    }
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.driver().get(html.toUri().toString());
      assertEquals("true", browser.driver().findElement(By.tagName("body")).getAttribute("data-rendered"));
      Map<String, String> shown = new TreeMap<>();
      for (WebElement row : browser.driver().findElements(By.cssSelector("#failures tbody tr"))) {
        shown.put(row.getAttribute("data-trial-id"), row.findElement(By.cssSelector("td.reason")).getText());
      }
      assertEquals(new TreeMap<>(reasons), shown, "the failures table, trial -> reason");
      assertEquals(java.util.List.of(), browser.consoleProblems(), "console warnings or errors");
    }
  }
}
