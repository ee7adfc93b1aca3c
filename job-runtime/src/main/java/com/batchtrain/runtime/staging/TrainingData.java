package com.batchtrain.runtime.staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local copy of a trial's dataset. When it was staged into a per-job temporary cache, closing
 * deletes that copy: the trial holds the rows in memory once loaded, and a copy per job would
 * otherwise fill the container's disk.
 */
public final class TrainingData implements AutoCloseable {
  private final Path path;
  private final Optional<Path> temporaryCache;

  TrainingData(Path path, Optional<Path> temporaryCache) {
    this.path = path;
    this.temporaryCache = temporaryCache;
  }

  /** The dataset: a file, or a directory of CSV/TFRecord files. */
  public Path path() {
    return path;
  }

  /** The per-job cache it was staged into, when the shared cache could not take it. */
  public Optional<Path> temporaryCache() {
    return temporaryCache;
  }

  @Override
  public void close() {
    if (temporaryCache.isEmpty()) {
      return;
    }
    try (Stream<Path> walk = Files.walk(temporaryCache.get())) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the temporary dataset cache " + temporaryCache.get(), e);
    }
  }
}
