package com.batchtrain.testsupport.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image's layers unpacked in order into one directory, plus the device nodes a container
 * runtime would provide (TensorFlow aborts without /dev/urandom).
 */
public final class RootFilesystem {
  private static final List<String[]> DEVICES = List.of(
      new String[] {"null", "1", "3"}, new String[] {"zero", "1", "5"},
      new String[] {"random", "1", "8"}, new String[] {"urandom", "1", "9"});

  private final Path dir;

  private RootFilesystem(Path dir) {
    this.dir = dir;
  }

  public static RootFilesystem unpack(ImageArchive image, Path dir) throws IOException, InterruptedException {
    FileTrees.deleteRecursively(dir);
    Files.createDirectories(dir);
    for (ImageArchive.Layer layer : image.layers()) {
      // Jib's layers carry no whiteouts, so plain extraction in order is the union the runtime sees.
      Commands.run(List.of("tar", "--warning=no-unknown-keyword", "--numeric-owner", "-xpf",
          layer.file().toString(), "-C", dir.toString()));
    }
    Path dev = dir.resolve("dev");
    Files.createDirectories(dev);
    for (String[] d : DEVICES) {
      Commands.run(List.of("mknod", "-m", "666", dev.resolve(d[0]).toString(), "c", d[1], d[2]));
    }
    return new RootFilesystem(dir);
  }

  public Path dir() {
    return dir;
  }

  /** A path inside the root filesystem, from its absolute in-container path. */
  public Path resolve(String containerPath) {
    return dir.resolve(containerPath.replaceFirst("^/+", ""));
  }
}
