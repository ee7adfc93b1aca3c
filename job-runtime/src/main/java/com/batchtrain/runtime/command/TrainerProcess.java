package com.batchtrain.runtime.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's command as a child process: its output goes to the harness's own (the container log),
 * and {@link #stop} gives it and every process it started SIGTERM, then SIGKILL after the grace.
 */
final class TrainerProcess implements RunningTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerProcess.class);

  private final Process process;
  /** Copies the command's stdout to ours, turning matching lines into metrics lines; null when stdout is inherited. */
  private final Thread pump;

  private TrainerProcess(Process process, Thread pump) {
    this.process = process;
    this.pump = pump;
  }

  /**
   * Starts the command. With {@code stdoutMetrics}, its standard output is read line by line: each
   * line is passed on to the harness's own output, and a line the pattern matches is appended to
   * {@code metricsFile} as the metrics line the command could not write itself.
   */
  static TrainerProcess start(List<String> argv, Map<String, String> env, Path workingDir,
      java.util.Optional<com.batchtrain.contract.StdoutMetrics> stdoutMetrics, Path metricsFile) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(stdoutMetrics.isPresent() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    Process process = pb.start();
    Thread pump = null;
    if (stdoutMetrics.isPresent()) {
      com.batchtrain.contract.StdoutMetrics metrics = stdoutMetrics.get();
      pump = new Thread(() -> {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
            java.nio.charset.StandardCharsets.UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null) {
            System.out.println(line);
            java.util.Optional<String> json = metrics.metricsLine(line);
            if (json.isPresent()) {
              java.nio.file.Files.writeString(metricsFile, json.get() + "\n", java.nio.file.StandardOpenOption.CREATE,
                  java.nio.file.StandardOpenOption.APPEND);
            }
          }
        } catch (IOException e) {
          LOG.warn("reading the trainer's output: {}", e.toString());
        }
      }, "trainer-stdout");
      pump.setDaemon(true);
      pump.start();
    }
    return new TrainerProcess(process, pump);
  }

  @Override
  public String describe() {
    return "pid " + process.pid();
  }

  @Override
  public boolean waitFor(long millis) throws InterruptedException {
    if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    // Ended once its last output lines are read too (a child it left may hold the pipe open: bounded).
    if (pump != null) {
      pump.join(2_000);
    }
    return true;
  }

  @Override
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * SIGTERM to the command and its descendants (a DataLoader's workers, a shell's children), as a
   * process group would get it; SIGKILL to whatever is left after {@code graceSeconds}. Returns
   * whether the command exited on its own within the grace.
   */
  @Override
  public boolean stop(int graceSeconds) throws InterruptedException {
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroy);
    boolean exited = process.waitFor(graceSeconds, TimeUnit.SECONDS);
    if (!exited) {
      LOG.warn("the trainer did not exit within {} s of SIGTERM: killing it", graceSeconds);
    }
    // Children it left behind are killed either way, and so are those started during the grace.
    List<ProcessHandle> left = new java.util.ArrayList<>(tree);
    left.addAll(tree());
    left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
    if (pump != null) {
      pump.join(2_000);
    }
    return exited;
  }

  /** Kills the command and its descendants at once (the harness itself is failing). */
  @Override
  public void kill() {
    tree().forEach(ProcessHandle::destroyForcibly);
  }

  private List<ProcessHandle> tree() {
    List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(0, process.toHandle());
    return all;
  }
}
