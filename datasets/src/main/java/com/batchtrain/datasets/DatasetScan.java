package com.batchtrain.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a dataset (a file, or every file of one format below a directory, in name order) against
 * a {@link ColumnRequest}: each file through the reader of its format, rows into a sink, a
 * classifier's labels collected over every file and mapped to classes at the end, so that the
 * mapping is the dataset's, not a file's.
 */
public final class DatasetScan {
  private final Map<DataFormat, TableFileReader> readers;

  public DatasetScan(Map<DataFormat, TableFileReader> readers) {
    this.readers = Map.copyOf(readers);
  }

  /** CSV only: what can be read without the job runtime's TFRecord (protobuf) support. */
  public static DatasetScan csv() {
    return new DatasetScan(Map.of(DataFormat.CSV, new CsvTableReader()));
  }

  /** The dataset at {@code location}; empty when its format has no reader here. */
  public Optional<ScannedTable> scan(Path location, ColumnRequest request, RowSink sink, RowLimit limit) {
    DatasetFiles files = DatasetFiles.at(location);
    TableFileReader reader = readers.get(files.format());
    if (reader == null) {
      return Optional.empty();
    }
    LabelCollector labels = request.classes().map(LabelCollector::new).orElse(null);
    Optional<List<String>> features = Optional.empty();
    long rows = 0;
    boolean complete = true;
    for (Path file : files.files()) {
      FileRows read = reader.read(file, request, features, labels, sink, limit.rowsOf(file));
      features = Optional.of(read.features());
      rows += read.rows();
      complete &= read.complete();
    }
    Optional<LabelMapping> mapping = labels == null ? Optional.empty() : Optional.of(labels.resolve(location, complete));
    return Optional.of(new ScannedTable(files, features.orElseThrow(), request.target(), mapping, rows, complete));
  }
}
