package com.batchtrain.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The local side of uploads: which files a directory upload sends, and under which keys. */
final class LocalFiles {
  private LocalFiles() {}

  /**
   * A missing local file is the caller's error, not a missing object: it must not surface as
   * {@link ObjectNotFoundException}.
   */
  static void requireRegularFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new StorageException("no such local file to upload: " + file);
    }
  }

  /** Regular files below {@code dir}, sorted, without in-flight temporary files. */
  static List<Path> regularFiles(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(FileObjectStore.PARTIAL_SUFFIX))
          .sorted()
          .toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StorageUnavailableException("could not list local directory " + dir + ": " + e, e);
    }
  }

  /** The key of {@code file} below {@code dir}, with '/' separators. */
  static String relativeKey(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }
}
