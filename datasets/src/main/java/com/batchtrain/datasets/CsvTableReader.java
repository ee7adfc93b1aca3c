package com.batchtrain.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a CSV file with a header row: only the requested columns are parsed (found by their
 * trimmed names, in any order), every feature and a regressor's target must be a finite number,
 * and every record must have as many fields as the header.
 */
public final class CsvTableReader implements TableFileReader {
  @Override
  public FileRows read(Path file, ColumnRequest request, Optional<List<String>> features, LabelCollector labels, RowSink sink,
      long maxRows) {
    try (CsvRows rows = CsvRows.open(file)) {
      if (!rows.next()) {
        throw new BadDataException(file + ":1: expected a header row, got an empty file");
      }
      int headerLine = rows.line();
      List<String> header = rows.fields().stream().map(String::strip).toList();
      TableColumns columns = request.resolve(file, header);
      if (features.isPresent() && !features.get().equals(columns.features())) {
        throw new BadDataException(file + ":" + headerLine + ": feature columns " + columns.features()
            + "; expected the same columns as the dataset's first file, " + features.get());
      }
      int width = header.size();
      int[] featureIndex = columns.featureIndex();
      int targetIndex = columns.targetIndex();
      List<String> names = columns.features();
      String target = columns.target().orElse(null);
      float[] row = new float[columns.width()];
      boolean[] wanted = new boolean[width];
      for (int i : featureIndex) {
        wanted[i] = true;
      }
      if (targetIndex >= 0) {
        wanted[targetIndex] = true;
      }
      long read = 0;
      while (read < maxRows && rows.next(wanted)) {
        int line = rows.line();
        if (rows.size() != width) {
          throw new BadDataException(file + ":" + line + ": expected " + width + " fields as in the header, got " + rows.size()
              + (rows.size() > width ? " (quote fields that contain commas: \"2,5\")" : ""));
        }
        for (int i = 0; i < featureIndex.length; i++) {
          row[i] = NumericField.parse(file, line, names.get(i), rows.field(featureIndex[i]));
        }
        float value = 0f;
        if (targetIndex >= 0) {
          String text = rows.field(targetIndex);
          value = labels != null ? labels.idAtLine(text, file, line) : NumericField.parse(file, line, target, text);
        }
        sink.accept(row, value);
        read++;
      }
      if (read == 0 && maxRows > 0) {
        throw new BadDataException(file + ":" + (headerLine + 1) + ": expected a data row after the header, got the end of the"
            + " file (a header-only file)");
      }
      boolean complete = read < maxRows || !rows.next(wanted);
      return new FileRows(names, read, complete);
    }
  }
}
