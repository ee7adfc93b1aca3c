package com.batchtrain.runtime.staging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoryTest {
  @TempDir Path dir;

  @Test
  void aCreatableDirectoryIsWritableAndTheProbeLeavesNothing() throws Exception {
    Path cache = dir.resolve("a/b/cache");
    assertTrue(CacheDirectory.isWritable(cache));
    try (Stream<Path> s = Files.list(cache)) {
      assertTrue(s.findAny().isEmpty(), "probe file removed");
    }
  }

  @Test
  void aPathBelowARegularFileIsNotWritable() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertFalse(CacheDirectory.isWritable(file.resolve("cache")));
    assertFalse(CacheDirectory.isWritable(file), "a regular file is not a cache directory");
  }
}
