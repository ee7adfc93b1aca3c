package com.batchtrain.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The runtime in a child JVM, as the container and the CLI's local backend launch it. */
final class RuntimeProcess {
  private final Process process;
  private final Path log;

  private RuntimeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static RuntimeProcess start(Path log, Map<String, String> env, String... args) throws IOException {
    return start(log, List.of(), env, args);
  }

  /** With JVM options before the main class (e.g. {@code -XX:ActiveProcessorCount=5}). */
  static RuntimeProcess start(Path log, List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.batchtrain.runtime.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // A clean contract environment: only what the test passes (and PATH/HOME for the JVM).
    pb.environment().keySet().removeIf(k -> k.startsWith("BT_") || k.startsWith("AWS_"));
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    pb.environment().putAll(env);
    return new RuntimeProcess(pb.start(), log);
  }

  static Result run(Path log, Map<String, String> env, String... args) throws IOException, InterruptedException {
    RuntimeProcess p = start(log, env, args);
    return p.await(240);
  }

  Process process() {
    return process;
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  Result await(long seconds) throws InterruptedException, IOException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("runtime did not finish in " + seconds + "s; output:\n" + output());
    }
    return new Result(process.exitValue(), output());
  }

  record Result(int exitCode, String output) {}
}
