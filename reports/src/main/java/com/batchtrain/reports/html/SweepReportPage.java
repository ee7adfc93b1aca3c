package com.batchtrain.reports.html;

import com.batchtrain.reports.SweepReport;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a sweep report as one self-contained HTML page: styles, Chart.js and the data are inlined,
 * so the file opens offline, from an S3 download or an e-mail attachment, with no CDN.
 */
public final class SweepReportPage {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([A-Z_]+)}}");
  private static final PageAssets ASSETS = PageAssets.load();

  private SweepReportPage() {}

  public static String render(SweepReport report) {
    Map<String, String> slots = Map.of(
        "TITLE", escapeHtml("Sweep " + report.sweepId() + " — " + report.objective().metric()),
        "STYLE", ASSETS.style(),
        "CHART_JS_LICENSE", escapeHtml(ASSETS.chartJsLicense()),
        "CHART_JS", ASSETS.chartJs(),
        "DATA", ScriptSafeJson.of(ReportData.of(report)),
        "SCRIPT", ASSETS.script());
    // One pass over the template: text already substituted (e.g. Chart.js) is never scanned for slots.
    Matcher m = SLOT.matcher(ASSETS.template());
    StringBuilder page = new StringBuilder(ASSETS.chartJs().length() + 64 * 1024);
    while (m.find()) {
      String value = slots.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("template slot without a value: " + m.group());
      }
      m.appendReplacement(page, Matcher.quoteReplacement(value));
    }
    m.appendTail(page);
    return page.toString();
  }

  /** {@code text} safe inside HTML text and attribute values. */
  public static String escapeHtml(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
