package com.batchtrain.runtime.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process can create files in a dataset cache directory. */
final class CacheDirectory {
  private CacheDirectory() {}

  /**
   * Tries to create the directory and a file in it, then removes the file. A real write is the only
   * reliable test: {@code Files.isWritable} answers from the permission bits, which root ignores,
   * while a read-only mount (EFS {@code /static} in trial jobs), a path below a regular file or a
   * full volume only show when something is written.
   */
  static boolean isWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-probe-", ".tmp");
      Files.delete(probe);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
