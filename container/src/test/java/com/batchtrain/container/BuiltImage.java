package com.batchtrain.container;

import com.batchtrain.testsupport.container.ImageArchive;
import com.batchtrain.testsupport.container.FileTrees;
import com.batchtrain.testsupport.container.RootFilesystem;
import com.batchtrain.testsupport.container.ContainerRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image this module's build produced (target/jib-image.tar, or the trainer image
 * target/trainer-image.tar), extracted and unpacked once per test JVM: unpacking 230 MB of layers
 * costs seconds, and every image test reads the same image.
 */
public final class BuiltImage {
  private static final java.util.Map<String, BuiltImage> INSTANCES = new java.util.HashMap<>();

  private final ImageArchive archive;
  private final RootFilesystem rootfs;
  private final Path workDir;

  private BuiltImage(ImageArchive archive, RootFilesystem rootfs, Path workDir) {
    this.archive = archive;
    this.rootfs = rootfs;
    this.workDir = workDir;
  }

  /** The job runtime image. */
  public static BuiltImage get() {
    return of("batchtrain.image.tar", "image-under-test");
  }

  /** The trainer image: the harness on glibc-base.tar with examples/shell-trainer at /opt/trainer. */
  public static BuiltImage trainer() {
    return of("batchtrain.trainer.tar", "trainer-image-under-test");
  }

  private static synchronized BuiltImage of(String tarProperty, String workName) {
    BuiltImage instance = INSTANCES.get(tarProperty);
    if (instance == null) {
      try {
        // mknod and mount namespaces, like a container runtime, need root.
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
          throw new IllegalStateException("the image tests run the image like a container runtime and need root");
        }
        Path tar = Path.of(property(tarProperty));
        if (!Files.isRegularFile(tar)) {
          throw new IllegalStateException(tar + " is missing: run the image tests through `mvn verify`");
        }
        Path work = tar.resolveSibling(workName);
        ImageArchive archive = ImageArchive.extract(tar, work.resolve("archive"));
        RootFilesystem rootfs = RootFilesystem.unpack(archive, work.resolve("rootfs"));
        instance = new BuiltImage(archive, rootfs, work);
        INSTANCES.put(tarProperty, instance);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  public ImageArchive archive() {
    return archive;
  }

  public RootFilesystem rootfs() {
    return rootfs;
  }

  /** A container of this image as the image tests run it: read-only root, a tmpfs at /tmp. */
  public ContainerRun container() {
    return new ContainerRun(archive, rootfs).readOnlyRoot().tmpfs("/tmp", 2048);
  }

  /** A fresh host directory for one test's logs and mounts. */
  public Path scratch(String name) throws IOException {
    Path dir = workDir.resolve("runs").resolve(name);
    FileTrees.deleteRecursively(dir);
    return Files.createDirectories(dir);
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set (surefire sets it in container/pom.xml)");
    }
    return value;
  }
}
