package com.batchtrain.container;

import com.batchtrain.testsupport.container.Commands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the Maven that runs this build (same version, same local repository, same offline mode). */
final class MavenBuild {
  private static final long HANG_GUARD_SECONDS = 540;

  private MavenBuild() {}

  static String run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(BuiltImage.property("maven.home"), "bin", "mvn").toString());
    cmd.add("--batch-mode");
    cmd.add("--no-transfer-progress");
    if (System.getProperty("batchtrain.maven.offline", "").equals("offline=true")) {
      cmd.add("--offline");
    }
    cmd.addAll(List.of(args));
    return Commands.run(cmd, workDir, HANG_GUARD_SECONDS);
  }
}
