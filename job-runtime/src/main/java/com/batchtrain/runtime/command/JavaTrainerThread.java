package com.batchtrain.runtime.command;

import com.batchtrain.contract.CommandContract;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.runtime.FailureExitCodes;
import com.batchtrain.runtime.trainer.Trainer;
import com.batchtrain.runtime.trainer.TrainingSession;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java {@link Trainer} on a thread of the harness. Its outcome becomes the exit code a command
 * would have had (0, 64, 65, or 1 with the exception's message in the {@code failure} file), so the
 * runner treats both kinds alike. A stop sets {@link TrainingSession#stopRequested} and interrupts
 * it; a thread cannot be killed, so after the grace the harness exits without it.
 */
final class JavaTrainerThread implements RunningTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(JavaTrainerThread.class);

  private final Thread thread;
  private final AtomicBoolean stop;
  private volatile int exit = -1;

  private JavaTrainerThread(Thread thread, AtomicBoolean stop) {
    this.thread = thread;
    this.stop = stop;
  }

  /**
   * Finds the trainer named {@code name} (the runtime's class path, then {@code classpath}, whose
   * relative entries are resolved against {@code workingDir}) and starts it.
   */
  static JavaTrainerThread start(String name, List<String> classpath, Path workingDir, Map<String, String> contract) {
    ClassLoader loader = loader(classpath, workingDir);
    List<Trainer> found = new ArrayList<>();
    ServiceLoader.load(Trainer.class, loader).forEach(found::add);
    Trainer trainer = found.stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow(() -> new TrainerExitException(
        ExitCode.BAD_INPUT, "no Java trainer named '" + name + "' (" + Trainer.class.getName() + " services on the class path"
        + (classpath.isEmpty() ? "" : " and " + classpath) + ": " + found.stream().map(Trainer::name).sorted().toList() + ")"));
    AtomicBoolean stop = new AtomicBoolean();
    TrainingSession session = new TrainingSession(contract, stop::get);
    JavaTrainerThread[] self = new JavaTrainerThread[1];
    Thread thread = new Thread(() -> self[0].exit = run(trainer, session, Path.of(contract.get(CommandContract.OUTPUT_DIR))),
        "trainer-" + name);
    thread.setContextClassLoader(loader);
    thread.setDaemon(true);
    self[0] = new JavaTrainerThread(thread, stop);
    LOG.info("Java trainer '{}': {}", name, trainer.getClass().getName());
    thread.start();
    return self[0];
  }

  private static int run(Trainer trainer, TrainingSession session, Path output) {
    try {
      trainer.train(session);
      return ExitCode.SUCCESS.code();
    } catch (Throwable e) {
      ExitCode code = FailureExitCodes.of(e);
      // The contract's own codes; everything else (a bug or a failure of the trainer's) is the trainer failing.
      if (code != ExitCode.BAD_INPUT && code != ExitCode.BAD_DATA && code != ExitCode.TRANSIENT) {
        code = ExitCode.FAILED;
      }
      LOG.error("Java trainer '{}' failed: {}", trainer.name(), e.toString(), e);
      String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
      try {
        Files.writeString(output.resolve(CommandContract.FAILURE_FILE), reason, StandardCharsets.UTF_8);
      } catch (IOException ignored) {
        // The exit code still says it failed; the log has the reason.
      }
      return code.code();
    }
  }

  private static ClassLoader loader(List<String> classpath, Path workingDir) {
    ClassLoader parent = JavaTrainerThread.class.getClassLoader();
    if (classpath.isEmpty()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (int i = 0; i < classpath.size(); i++) {
      Path entry = workingDir.resolve(classpath.get(i)).normalize();
      if (!Files.exists(entry)) {
        throw new InvalidValueException("trainer.classpath[" + i + "]", "an existing jar or directory", entry.toString());
      }
      try {
        urls.add(entry.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new InvalidValueException("trainer.classpath[" + i + "]", "a jar or directory path", classpath.get(i));
      }
    }
    return new URLClassLoader("trainer", urls.toArray(URL[]::new), parent);
  }

  @Override
  public String describe() {
    return "thread " + thread.getName();
  }

  @Override
  public boolean waitFor(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  @Override
  public int exitValue() {
    return exit;
  }

  @Override
  public boolean stop(int graceSeconds) throws InterruptedException {
    stop.set(true);
    thread.interrupt();
    thread.join(graceSeconds * 1000L);
    if (thread.isAlive()) {
      LOG.warn("the Java trainer did not return within {} s of the stop request: leaving it", graceSeconds);
      return false;
    }
    return true;
  }

  @Override
  public void kill() {
    stop.set(true);
    thread.interrupt();
  }
}
