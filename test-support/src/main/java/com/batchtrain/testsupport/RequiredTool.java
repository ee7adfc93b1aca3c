package com.batchtrain.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test drives for real (Chromium, the AWS CLI, cfn-lint, busybox). When it is missing,
 * a developer's run skips the test with the way to install it, but a CI run ({@code CI=true}) fails
 * it: CI must never pass because a test quietly did not run.
 *
 * @param path where the test expects the program (Debian installs it there)
 * @param install how to get it, e.g. {@code "Debian package awscli"}
 */
public record RequiredTool(Path path, String install) {

  public static final RequiredTool AWS_CLI = new RequiredTool(Path.of("/usr/bin/aws"), "Debian package awscli");
  public static final RequiredTool CHROMIUM = new RequiredTool(Path.of("/usr/bin/chromium"), "Debian package chromium");
  public static final RequiredTool CHROMEDRIVER =
      new RequiredTool(Path.of("/usr/bin/chromedriver"), "Debian package chromium-driver");
  public static final RequiredTool BUSYBOX = new RequiredTool(Path.of("/bin/busybox"), "Debian package busybox-static");

  /** A program found on PATH rather than at a fixed place (pip-installed tools such as cfn-lint). */
  public static RequiredTool onPath(String name, String install) {
    return new RequiredTool(findOnPath(name).orElse(Path.of(name)), install);
  }

  public boolean present() {
    return Files.isExecutable(path);
  }

  /** Skips the calling test when the program is missing, or fails it under CI. Returns the path. */
  public Path require() {
    return require(underCi());
  }

  Path require(boolean ci) {
    if (!present()) {
      String message = path + " is missing: install " + install + " (scripts/test installs the Debian packages as root)";
      if (ci) {
        throw new AssertionError("CI=true and " + message);
      }
      Assumptions.abort(message);
    }
    return path;
  }

  /** Whether this is a CI run, where no test may skip for a missing tool. */
  public static boolean underCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
  }

  private static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }
}
