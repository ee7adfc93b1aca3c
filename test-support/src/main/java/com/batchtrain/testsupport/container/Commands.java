package com.batchtrain.testsupport.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host command to completion and returns its output; a non-zero exit is an error. */
public final class Commands {
  private Commands() {}

  public static String run(List<String> command) throws IOException, InterruptedException {
    return run(command, null, 600);
  }

  /** {@code timeoutSeconds} guards against a hang; it is not a measurement. */
  public static String run(List<String> command, Path workDir, long timeoutSeconds) throws IOException, InterruptedException {
    // Output goes to a file, not a pipe: a pipe would have to be drained while waiting.
    Path log = Files.createTempFile("command", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + command + ":\n"
            + tail(Files.readString(log, StandardCharsets.UTF_8)));
      }
      String text = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + tail(text));
      }
      return text;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  public static String tail(String text) {
    return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
  }
}
