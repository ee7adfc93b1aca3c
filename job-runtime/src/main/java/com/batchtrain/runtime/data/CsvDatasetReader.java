package com.batchtrain.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a CSV file with a header row. Only the declared columns are parsed; every value must be a
 * finite number. Quoting is not supported because the datasets are numeric: a quote is reported as
 * a malformed value at its line and column.
 */
public final class CsvDatasetReader {
  private final ColumnSpec columns;

  public CsvDatasetReader(ColumnSpec columns) {
    this.columns = columns;
  }

  public void read(Path file, RowSink sink) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || header.isBlank()) {
        throw new BadDataException(file + ": empty file, expected a header row");
      }
      List<String> names = Arrays.stream(header.split(",", -1)).map(String::trim).toList();
      int[] featureIdx = new int[columns.width()];
      for (int i = 0; i < featureIdx.length; i++) {
        featureIdx[i] = indexOf(file, names, columns.features().get(i));
      }
      int targetIdx = columns.hasTarget() ? indexOf(file, names, columns.target()) : -1;
      float[] row = new float[columns.width()];
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length != names.size()) {
          throw new BadDataException(file + ":" + lineNo + ": expected " + names.size() + " fields as in the header, got "
              + fields.length);
        }
        for (int i = 0; i < featureIdx.length; i++) {
          row[i] = (float) value(file, lineNo, names.get(featureIdx[i]), fields[featureIdx[i]]);
        }
        if (targetIdx < 0) {
          sink.accept(row, 0f);
          continue;
        }
        double target = value(file, lineNo, columns.target(), fields[targetIdx]);
        String rejected = columns.rejectTarget(target);
        if (rejected != null) {
          throw new BadDataException(file + ":" + lineNo + ": column '" + columns.target() + "': expected " + rejected
              + ", got '" + fields[targetIdx].trim() + "'");
        }
        sink.accept(row, (float) target);
      }
      if (lineNo == 1) {
        throw new BadDataException(file + ": no data rows after the header");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  private static int indexOf(Path file, List<String> names, String column) {
    int i = names.indexOf(column);
    if (i < 0) {
      throw new BadDataException(file + ":1: missing column '" + column + "' (header has " + names + ")");
    }
    if (names.lastIndexOf(column) != i) {
      throw new BadDataException(file + ":1: column '" + column + "' appears more than once in the header");
    }
    return i;
  }

  private static double value(Path file, int lineNo, String column, String text) {
    String t = text.trim();
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new BadDataException(file + ":" + lineNo + ": column '" + column + "': expected a number, got '" + t + "'");
    }
    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
      throw new BadDataException(file + ":" + lineNo + ": column '" + column + "': expected a finite number, got '" + t + "'");
    }
    return v;
  }

  /** Receives one parsed row; the array is reused, so copy it. */
  @FunctionalInterface
  public interface RowSink {
    void accept(float[] features, float target);
  }
}
