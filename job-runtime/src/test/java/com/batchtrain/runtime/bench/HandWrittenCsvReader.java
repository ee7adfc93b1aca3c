package com.batchtrain.runtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The runtime's CSV reader before the datasets module (BufferedReader.readLine, String.split on
 * commas, no quoting, no BOM handling, integer labels only), kept only as the baseline of
 * {@link CsvReadBenchmark}. Reads into row-major float arrays as the old DatasetLoader did.
 */
final class HandWrittenCsvReader {
  private HandWrittenCsvReader() {}

  /** Returns {features, targets}. */
  static float[][] read(Path file, List<String> features, String target, int classes) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      List<String> names = Arrays.stream(header.split(",", -1)).map(String::trim).toList();
      int[] featureIdx = new int[features.size()];
      for (int i = 0; i < featureIdx.length; i++) {
        featureIdx[i] = names.indexOf(features.get(i));
      }
      int targetIdx = names.indexOf(target);
      int width = features.size();
      float[] f = new float[64 * width];
      float[] t = new float[64];
      int rows = 0;
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length != names.size()) {
          throw new IllegalStateException(file + ":" + lineNo + ": field count");
        }
        if (rows == t.length) {
          t = Arrays.copyOf(t, rows * 2);
          f = Arrays.copyOf(f, rows * 2 * width);
        }
        for (int i = 0; i < width; i++) {
          f[rows * width + i] = (float) value(fields[featureIdx[i]]);
        }
        double v = value(fields[targetIdx]);
        if (v != Math.rint(v) || v < 0 || v >= classes) {
          throw new IllegalStateException(file + ":" + lineNo + ": label");
        }
        t[rows++] = (float) v;
      }
      return new float[][] {Arrays.copyOf(f, rows * width), Arrays.copyOf(t, rows)};
    }
  }

  private static double value(String text) {
    double v = Double.parseDouble(text.trim());
    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
      throw new IllegalStateException("not finite: " + text);
    }
    return v;
  }
}
