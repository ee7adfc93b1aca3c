package com.batchtrain.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the rows of one file of one format (CSV here; TFRecord in the job runtime, which has its protobuf types). */
public interface TableFileReader {
  /**
   * Streams at most {@code maxRows} data rows of {@code file} into {@code sink}.
   *
   * @param features the feature columns an earlier file of the dataset resolved to, which this file
   *     must have too when the features come from the header; empty for the first file
   * @param labels where a classifier's labels go (null when the request has no classes)
   */
  FileRows read(Path file, ColumnRequest request, Optional<List<String>> features, LabelCollector labels, RowSink sink,
      long maxRows);
}
