package com.batchtrain.reports.plots;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes a chart as a PNG, atomically, so a reader never sees half an image. */
final class PngFile {
  static {
    // Training containers have no display; AWT must not try to open one. Only effective before AWT
    // initialises, so the job runtime should also pass -Djava.awt.headless=true.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private PngFile() {}

  static Path write(Chart<?, ?> chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream out = Files.newOutputStream(partial)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
