package com.batchtrain.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads a dataset from a local file or directory: every {@code *.csv} file, or every
 * {@code *.tfrecord} shard, in file-name order. Mixing both formats in one directory is rejected
 * because the row order (and so the split) would depend on an arbitrary choice.
 */
public final class DatasetLoader {
  private final ColumnSpec columns;

  public DatasetLoader(ColumnSpec columns) {
    this.columns = columns;
  }

  public Dataset load(Path location) {
    List<Path> files = files(location);
    boolean tfrecord = isTfRecord(files.get(0));
    RowBuffer buffer = new RowBuffer(columns.width());
    for (Path f : files) {
      if (isTfRecord(f) != tfrecord) {
        throw new BadDataException(location + ": mixes CSV and TFRecord files; keep one format per dataset");
      }
      if (tfrecord) {
        new TfRecordDatasetReader(columns).read(f, buffer::add);
      } else {
        new CsvDatasetReader(columns).read(f, buffer::add);
      }
    }
    return buffer.toDataset(columns);
  }

  static List<Path> files(Path location) {
    if (Files.isRegularFile(location)) {
      return List.of(location);
    }
    if (!Files.isDirectory(location)) {
      throw new BadDataException(location + ": no such dataset file or directory");
    }
    try (Stream<Path> s = Files.walk(location)) {
      List<Path> files = s.filter(Files::isRegularFile)
          .filter(p -> isTfRecord(p) || p.getFileName().toString().endsWith(".csv"))
          .sorted()
          .toList();
      if (files.isEmpty()) {
        throw new BadDataException(location + ": no *.csv or *.tfrecord files");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + location, e);
    }
  }

  private static boolean isTfRecord(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".tfrecord") || n.endsWith(".tfrecords");
  }

  /** Growable row-major storage, so files of unknown length are read in one pass. */
  private static final class RowBuffer {
    private final int width;
    private float[] features = new float[1024];
    private float[] targets = new float[64];
    private int rows;

    RowBuffer(int width) {
      this.width = width;
      this.features = new float[64 * width];
    }

    void add(float[] row, float target) {
      if (rows == targets.length) {
        targets = java.util.Arrays.copyOf(targets, rows * 2);
        features = java.util.Arrays.copyOf(features, rows * 2 * width);
      }
      System.arraycopy(row, 0, features, rows * width, width);
      targets[rows++] = target;
    }

    Dataset toDataset(ColumnSpec columns) {
      return new Dataset(columns, java.util.Arrays.copyOf(features, rows * width), java.util.Arrays.copyOf(targets, rows));
    }
  }
}
