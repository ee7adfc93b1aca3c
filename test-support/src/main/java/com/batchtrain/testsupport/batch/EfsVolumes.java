package com.batchtrain.testsupport.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The EFS file systems of the emulated account, one host directory each. A volume mounted through
 * an access point sees the access point's root directory, which EFS creates on first mount, owned
 * and moded as its creation info says, when it does not exist yet.
 */
final class EfsVolumes {
  private final Path root;

  EfsVolumes(Path root) {
    this.root = root;
  }

  /** The host directory of a file system's root. */
  Path fileSystem(String fileSystemId) {
    return root.resolve(fileSystemId);
  }

  /** The host directory a volume of {@code fileSystemId} mounts: the access point's root, else {@code rootDirectory}. */
  synchronized Path directory(String fileSystemId, Optional<EfsAccessPoint> accessPoint, String rootDirectory) {
    Path fs = fileSystem(fileSystemId);
    String path = accessPoint.map(EfsAccessPoint::rootDirectory).orElse(rootDirectory.isEmpty() ? "/" : rootDirectory);
    Path dir = fs.resolve(path.replaceFirst("^/+", ""));
    try {
      Files.createDirectories(fs);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        if (accessPoint.isPresent() && accessPoint.get().creation().isPresent()) {
          EfsAccessPoint.Creation c = accessPoint.get().creation().get();
          Files.setAttribute(dir, "unix:uid", c.ownerUid());
          Files.setAttribute(dir, "unix:gid", c.ownerGid());
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode(c.permissions())));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare EFS directory " + dir, e);
    }
  }

  /** An octal mode such as 750 as rwxr-x---. */
  static String mode(String octal) {
    int bits = Integer.parseInt(octal, 8);
    StringBuilder out = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int b = (bits >> shift) & 7;
      out.append((b & 4) != 0 ? 'r' : '-').append((b & 2) != 0 ? 'w' : '-').append((b & 1) != 0 ? 'x' : '-');
    }
    return out.toString();
  }
}
