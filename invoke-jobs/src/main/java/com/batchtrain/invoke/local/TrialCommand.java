package com.batchtrain.invoke.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * How the local backend starts the job runtime: {@code java -cp <classpath> <main> <args...>}.
 *
 * <p>The CLI does not carry the runtime (TensorFlow and its natives are for training, not for
 * submitting): the runtime comes from its own distribution, {@code job-runtime/target/lib/} (its jar
 * and every jar it needs), named by {@value #RUNTIME_CLASSPATH_ENV} (scripts/invoke-jobs sets it). The class path is, in this order: the one given explicitly (the hidden
 * {@code --runtime-classpath}), {@value #RUNTIME_CLASSPATH_ENV}, or this CLI's own class path when
 * the main class is on it (the tests, where job-runtime is a test dependency). A class path that does
 * not hold the main class is refused before any process starts: {@link #command} and
 * {@link #requireAvailable} throw {@link RuntimeUnavailableException} naming what to build or set.
 *
 * @param classpath null when the runtime was not found; {@code unavailable} then says why
 */
public record TrialCommand(Path java, String classpath, String mainClass, List<String> jvmOptions, String unavailable) {
  public static final String RUNTIME_MAIN = "com.batchtrain.runtime.Main";
  public static final String TRAIN = "train";
  public static final String GENERATE_DATA = "generate-data";
  /** The runtime's class path, as {@code java -cp} reads it: {@code <repo>/job-runtime/target/lib/*}. */
  public static final String RUNTIME_CLASSPATH_ENV = "BT_RUNTIME_CLASSPATH";
  /** What builds the runtime's distribution, for the messages. */
  static final String BUILD_HINT = "mvn -pl job-runtime -am package -DskipTests (it writes the runtime's jar and"
      + " every jar it needs to job-runtime/target/lib/)";

  public TrialCommand {
    jvmOptions = List.copyOf(jvmOptions);
    if ((classpath == null) == (unavailable == null)) {
      throw new IllegalArgumentException("exactly one of classpath and unavailable must be given");
    }
  }

  public TrialCommand(Path java, String classpath, String mainClass, List<String> jvmOptions) {
    this(java, classpath, mainClass, jvmOptions, null);
  }

  /** The job runtime, found as the class comment says. */
  public static TrialCommand runtime() {
    return resolve(RUNTIME_MAIN, null, System::getenv);
  }

  /**
   * {@code mainClass} on {@code explicitClasspath} (may be null), else, for the runtime's own main
   * class, on the class path {@value #RUNTIME_CLASSPATH_ENV} names, else on this JVM's own class
   * path if it is there (a stand-in main class of the tests is looked for only there).
   */
  public static TrialCommand resolve(String mainClass, String explicitClasspath, Function<String, String> env) {
    Path java = currentJava();
    String explicit = explicitClasspath;
    String source = "--runtime-classpath";
    if ((explicit == null || explicit.isBlank()) && RUNTIME_MAIN.equals(mainClass)) {
      explicit = env.apply(RUNTIME_CLASSPATH_ENV);
      source = RUNTIME_CLASSPATH_ENV;
    }
    if (explicit != null && !explicit.isBlank()) {
      Optional<String> missing = missingFrom(explicit, mainClass);
      return missing.isEmpty()
          ? new TrialCommand(java, explicit, mainClass, List.of())
          : new TrialCommand(java, null, mainClass, List.of(), source + "=" + explicit + " " + missing.get()
              + ": build the runtime with " + BUILD_HINT + ", or point " + source + " at <repo>/job-runtime/target/lib/*");
    }
    String own = System.getProperty("java.class.path");
    if (ClassLoader.getSystemClassLoader().getResource(classFile(mainClass)) != null) {
      return new TrialCommand(java, own, mainClass, List.of());
    }
    return new TrialCommand(java, null, mainClass, List.of(), "the local backend runs trials with the job runtime ("
        + mainClass + "), which this CLI does not carry: build it with " + BUILD_HINT + " and set " + RUNTIME_CLASSPATH_ENV
        + "='<repo>/job-runtime/target/lib/*' (scripts/invoke-jobs does both)");
  }

  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  public boolean available() {
    return classpath != null;
  }

  /** @throws RuntimeUnavailableException when the runtime was not found */
  public TrialCommand requireAvailable() {
    if (!available()) {
      throw new RuntimeUnavailableException(unavailable);
    }
    return this;
  }

  /** @throws RuntimeUnavailableException when the runtime was not found */
  public List<String> command(List<String> args) {
    requireAvailable();
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /**
   * Empty when {@code mainClass} is in one of the class path's entries (a directory, a jar, or
   * {@code dir/*}: the jars in dir, as {@code java -cp} reads it); otherwise what is wrong.
   */
  static Optional<String> missingFrom(String classpath, String mainClass) {
    String entry = classFile(mainClass);
    List<String> absent = new ArrayList<>();
    for (String element : classpath.split(File.pathSeparator)) {
      if (element.isEmpty()) {
        continue;
      }
      List<Path> candidates;
      if (element.equals("*") || element.endsWith(File.separator + "*")) {
        Path dir = Path.of(element.substring(0, element.length() - 1).isEmpty() ? "." : element.substring(0, element.length() - 1));
        if (!Files.isDirectory(dir)) {
          absent.add(element);
          continue;
        }
        try (Stream<Path> files = Files.list(dir)) {
          candidates = files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
          absent.add(element);
          continue;
        }
      } else {
        Path path = Path.of(element);
        if (!Files.exists(path)) {
          absent.add(element);
          continue;
        }
        candidates = List.of(path);
      }
      for (Path candidate : candidates) {
        if (holds(candidate, entry)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(absent.isEmpty() ? "does not hold " + mainClass
        : "does not hold " + mainClass + " (not found: " + String.join(", ", absent) + ")");
  }

  private static boolean holds(Path candidate, String entry) {
    if (Files.isDirectory(candidate)) {
      return Files.isRegularFile(candidate.resolve(entry));
    }
    try (ZipFile zip = new ZipFile(candidate.toFile())) {
      return zip.getEntry(entry) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static String classFile(String mainClass) {
    return mainClass.replace('.', '/') + ".class";
  }
}
