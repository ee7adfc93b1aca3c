package com.batchtrain.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

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

  /**
   * Regular files below {@code dir}, sorted, without in-flight temporary files. A file or directory
   * that vanishes while the tree is walked (a writer renaming its temporary file into place, a
   * trial's directory being replaced) is not listed, rather than failing the listing: Files.walk
   * threw for it, and a status read during a trial's epoch write exited 70.
   */
  static List<Path> regularFiles(Path dir) {
    List<Path> files = new java.util.ArrayList<>();
    try {
      Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !file.getFileName().toString().endsWith(FileObjectStore.PARTIAL_SUFFIX)) {
            files.add(file);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException && !file.equals(dir)) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StorageUnavailableException("could not list local directory " + dir + ": " + e, e);
    }
    files.sort(null);
    return files;
  }

  /** The key of {@code file} below {@code dir}, with '/' separators. */
  static String relativeKey(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }
}
