package com.batchtrain.invoke.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the local backend starts the job runtime: {@code java -cp <classpath> <main> <args...>}.
 * By default the runtime is on this CLI's own classpath (invoke-jobs depends on job-runtime).
 */
public record TrialCommand(Path java, String classpath, String mainClass, List<String> jvmOptions) {
  public static final String RUNTIME_MAIN = "com.batchtrain.runtime.Main";
  public static final String TRAIN = "train";
  public static final String GENERATE_DATA = "generate-data";

  public TrialCommand {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** The runtime on the classpath of the running JVM. */
  public static TrialCommand runtime() {
    return new TrialCommand(currentJava(), System.getProperty("java.class.path"), RUNTIME_MAIN, List.of());
  }

  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  public List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }
}
