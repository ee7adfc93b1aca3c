package com.batchtrain.datasets;

import java.nio.file.Path;
import java.util.Optional;

/** The file formats a dataset may be in, told by the file name. */
public enum DataFormat {
  CSV,
  TFRECORD;

  /** The format of {@code file}, or empty when it is neither ({@code *.csv}, {@code *.tfrecord}, {@code *.tfrecords}). */
  public static Optional<DataFormat> of(Path file) {
    String n = file.getFileName().toString();
    if (n.endsWith(".tfrecord") || n.endsWith(".tfrecords")) {
      return Optional.of(TFRECORD);
    }
    return n.endsWith(".csv") ? Optional.of(CSV) : Optional.empty();
  }
}
