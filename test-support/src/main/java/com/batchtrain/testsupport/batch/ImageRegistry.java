package com.batchtrain.testsupport.batch;

import com.batchtrain.testsupport.container.ImageArchive;
import com.batchtrain.testsupport.container.RootFilesystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The images the emulated account's instances can pull: an image reference (repository URI with
 * a tag or digest, as a job definition names it) to a docker-save archive on this machine, unpacked
 * once into a root filesystem that every container of that image starts from.
 */
final class ImageRegistry {
  /** An image ready to run: its config and layers, and the layers unpacked. */
  record Image(ImageArchive archive, RootFilesystem rootfs) {}

  private final Path workDir;
  private final Map<String, Path> archives = new LinkedHashMap<>();
  private final Map<Path, Image> unpacked = new HashMap<>();

  ImageRegistry(Path workDir) {
    this.workDir = workDir;
  }

  synchronized void put(String reference, Path archive) {
    archives.put(reference, archive.toAbsolutePath().normalize());
  }

  synchronized Optional<Path> archive(String reference) {
    return Optional.ofNullable(archives.get(reference));
  }

  /** The image behind {@code reference}, unpacked on first use; empty when no such image was pushed. */
  synchronized Optional<Image> pull(String reference) {
    Path archive = archives.get(reference);
    if (archive == null) {
      return Optional.empty();
    }
    Image image = unpacked.get(archive);
    if (image == null) {
      Path dir = workDir.resolve("image-" + unpacked.size());
      try {
        ImageArchive a = ImageArchive.extract(archive, dir.resolve("archive"));
        image = new Image(a, RootFilesystem.unpack(a, dir.resolve("rootfs")));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot unpack " + archive, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      unpacked.put(archive, image);
    }
    return Optional.of(image);
  }
}
