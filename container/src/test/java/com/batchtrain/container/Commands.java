package com.batchtrain.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host command to completion and returns its output; a non-zero exit is an error. */
final class Commands {
  private Commands() {}

  static String run(List<String> command) throws IOException, InterruptedException {
    return run(command, null, 600);
  }

  static String run(List<String> command, Path workDir, long timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    Process p = pb.start();
    // Read before waiting: a full pipe would block the child.
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + tail(text));
    }
    return text;
  }

  static String tail(String text) {
    return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
  }
}
