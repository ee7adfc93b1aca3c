package com.batchtrain.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invoke-jobs CLI as a user runs it: its own process (the main class scripts/invoke-jobs
 * starts), an environment built from nothing but what the test gives it (no ~/.aws, no inherited
 * AWS variables), a working directory of its own.
 */
final class Cli {
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);
  private static final long HANG_GUARD_SECONDS = 600;

  /** One run: exit code and the two streams. */
  record Result(int exitCode, String out, String err) {
    String sweepId() {
      Matcher m = SWEEP_LINE.matcher(out);
      if (!m.find()) {
        throw new AssertionError("no 'sweep: <id>' line in\n" + this);
      }
      return m.group(1);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path workDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> awsOptions = new ArrayList<>();

  Cli(Path workDir) throws IOException {
    this.workDir = Files.createDirectories(workDir);
    Path home = Files.createDirectories(workDir.resolve("home"));
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", home.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("TF_CPP_MIN_LOG_LEVEL", "3");
    // The SDK's chains would otherwise ask EC2 instance metadata (169.254.169.254) for a region and
    // credentials, which this machine does not answer; the messages are the same without it.
    env.put("AWS_EC2_METADATA_DISABLED", "true");
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli withoutEnv(String name) {
    env.remove(name);
    return this;
  }

  /** Options appended to every command (--backend aws, endpoints). */
  Cli options(String... options) {
    awsOptions.addAll(List.of(options));
    return this;
  }

  Result run(String... args) throws IOException, InterruptedException {
    Started s = start(args);
    if (!s.process().waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
      s.process().destroyForcibly();
      throw new AssertionError("invoke-jobs " + String.join(" ", args) + " still running after " + HANG_GUARD_SECONDS + " s");
    }
    return s.result();
  }

  /** A CLI process still running: the test may watch its output, or kill it (a driver killed mid-sweep). */
  record Started(Process process, Path out, Path err) {
    String outSoFar() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    Result result() throws IOException {
      return new Result(process.exitValue(), outSoFar(), Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  Started start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "com.batchtrain.invoke.cli.Main"));
    command.addAll(List.of(args));
    command.addAll(awsOptions);
    Path out = Files.createTempFile(workDir, "cli", ".out");
    Path err = Files.createTempFile(workDir, "cli", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return new Started(pb.start(), out, err);
  }
}
