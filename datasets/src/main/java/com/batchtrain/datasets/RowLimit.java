package com.batchtrain.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many data rows of each file a scan reads. */
@FunctionalInterface
public interface RowLimit {
  long rowsOf(Path file);

  /** Every row. */
  static RowLimit all() {
    return file -> Long.MAX_VALUE;
  }

  /** A file of at most {@code wholeFileBytes} is read whole, a larger one only its first {@code rows} rows. */
  static RowLimit sample(long rows, long wholeFileBytes) {
    return file -> {
      try {
        return Files.size(file) <= wholeFileBytes ? Long.MAX_VALUE : rows;
      } catch (IOException e) {
        throw new UncheckedIOException("reading the size of " + file, e);
      }
    };
  }
}
