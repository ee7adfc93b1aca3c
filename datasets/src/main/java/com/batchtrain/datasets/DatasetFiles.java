package com.batchtrain.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a dataset: a file itself, or every {@code *.csv} or every {@code *.tfrecord} shard
 * below a directory, in file-name order. Mixing both formats is rejected because the row order (and
 * so the split) would depend on an arbitrary choice.
 */
public record DatasetFiles(Path location, DataFormat format, List<Path> files) {
  public DatasetFiles {
    files = List.copyOf(files);
  }

  public static DatasetFiles at(Path location) {
    if (Files.isRegularFile(location)) {
      // A single file is read whatever its name: a CSV unless it is named as a TFRecord.
      return new DatasetFiles(location, DataFormat.of(location).orElse(DataFormat.CSV), List.of(location));
    }
    if (!Files.isDirectory(location)) {
      throw new BadDataException(location + ": no such dataset file or directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(location)) {
      files = s.filter(Files::isRegularFile).filter(p -> DataFormat.of(p).isPresent()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + location, e);
    }
    if (files.isEmpty()) {
      throw new BadDataException(location + ": no *.csv or *.tfrecord files");
    }
    DataFormat format = DataFormat.of(files.get(0)).orElseThrow();
    if (files.stream().anyMatch(f -> DataFormat.of(f).orElseThrow() != format)) {
      throw new BadDataException(location + ": mixes CSV and TFRecord files; keep one format per dataset");
    }
    return new DatasetFiles(location, format, files);
  }
}
