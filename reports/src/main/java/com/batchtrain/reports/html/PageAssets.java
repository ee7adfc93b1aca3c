package com.batchtrain.reports.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The page's template, stylesheet, script and the vendored Chart.js bundle, read from the jar. */
record PageAssets(String template, String style, String script, String chartJs, String chartJsLicense) {
  private static final String BASE = "/com/batchtrain/reports/";

  static PageAssets load() {
    return new PageAssets(
        read("sweep-report.html"),
        read("sweep-report.css"),
        scriptSafe("sweep-report.js", read("sweep-report.js")),
        scriptSafe("chart.umd.js", read("vendor/chart.js/dist/chart.umd.js")),
        read("vendor/chart.js/LICENSE.md"));
  }

  private static String read(String name) {
    try (InputStream in = PageAssets.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + BASE + name + " (the build vendors Chart.js from npm)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Inlined scripts must not contain a closing script tag, or the page would end the script early. */
  private static String scriptSafe(String name, String script) {
    if (script.toLowerCase(Locale.ROOT).contains("</script")) {
      throw new IllegalStateException(name + " contains '</script' and cannot be inlined");
    }
    return script;
  }
}
