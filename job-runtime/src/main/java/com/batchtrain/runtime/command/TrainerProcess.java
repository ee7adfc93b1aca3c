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

  private TrainerProcess(Process process) {
    this.process = process;
  }

  static TrainerProcess start(List<String> argv, Map<String, String> env, Path workingDir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    return new TrainerProcess(pb.start());
  }

  @Override
  public String describe() {
    return "pid " + process.pid();
  }

  @Override
  public boolean waitFor(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
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
