package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.invoke.ContractTrial;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the local backend finds the job runtime, now that the CLI does not carry it. */
class TrialCommandTest {
  @TempDir
  Path tmp;

  @Test
  void theTestsFindTheRuntimeOnTheirOwnClassPath() {
    TrialCommand c = TrialCommand.resolve(TrialCommand.RUNTIME_MAIN, null, name -> null);
    assertTrue(c.available(), String.valueOf(c.unavailable()));
    assertEquals(System.getProperty("java.class.path"), c.classpath());
  }

  @Test
  void theVariableNamesTheRuntimesDistributionAndWinsOverTheOwnClassPath() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("job-runtime/target/lib"));
    jarWith(lib.resolve("job-runtime-0.1.0-SNAPSHOT.jar"), TrialCommand.RUNTIME_MAIN);
    jarWith(lib.resolve("other.jar"), "x.Y");
    String wildcard = lib + File.separator + "*";

    TrialCommand c = TrialCommand.resolve(TrialCommand.RUNTIME_MAIN, null, env(wildcard));
    assertEquals(wildcard, c.classpath());
    assertEquals(List.of(TrialCommand.currentJava().toString(), "-cp", wildcard, TrialCommand.RUNTIME_MAIN, "train"),
        c.command(List.of(TrialCommand.TRAIN)));
    String jarAndLib = lib.resolve("job-runtime-0.1.0-SNAPSHOT.jar") + File.pathSeparator + wildcard;
    assertEquals(jarAndLib, TrialCommand.resolve(TrialCommand.RUNTIME_MAIN, null, env(jarAndLib)).classpath());
    // The hidden option wins over the variable.
    assertEquals(wildcard, TrialCommand.resolve(TrialCommand.RUNTIME_MAIN, wildcard, env("/elsewhere/*")).classpath());
  }

  @Test
  void aVariableThatDoesNotHoldTheRuntimeIsRefusedNamingIt() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    jarWith(lib.resolve("cli.jar"), "com.batchtrain.invoke.cli.Main");
    String wrong = lib + File.separator + "*" + File.pathSeparator + "/no/such/dir/*";

    TrialCommand c = TrialCommand.resolve(TrialCommand.RUNTIME_MAIN, null, env(wrong));
    assertFalse(c.available());
    RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> c.command(List.of("train")));
    assertTrue(e.getMessage().startsWith(TrialCommand.RUNTIME_CLASSPATH_ENV + "=" + wrong + " does not hold "
        + TrialCommand.RUNTIME_MAIN + " (not found: /no/such/dir/*)"), e.getMessage());
    assertTrue(e.getMessage().contains("mvn -pl job-runtime -am package"), e.getMessage());
  }

  @Test
  void aStandInMainClassIsLookedForOnTheOwnClassPathOnly() {
    TrialCommand c = TrialCommand.resolve(ContractTrial.class.getName(), null, env("/bogus/*"));
    assertEquals(System.getProperty("java.class.path"), c.classpath());
    TrialCommand missing = TrialCommand.resolve("com.example.NoSuchMain", null, name -> null);
    assertFalse(missing.available());
    assertThrows(RuntimeUnavailableException.class, missing::requireAvailable);
  }

  /**
   * The CLI as its distribution runs it: its class path without the runtime, TensorFlow or the CRT.
   * A local sweep then stops with exit 69 and one line naming what to build and set, before writing
   * anything; the dry run still works (it starts nothing).
   */
  @Test
  void theCliWithoutTheRuntimeSaysWhatToBuildAndExits69() throws Exception {
    String cliOnly = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("job-runtime") && !e.contains("tensorflow") && !e.contains("aws-crt")
            && !e.contains("javacpp"))
        .collect(Collectors.joining(File.pathSeparator));
    Path results = tmp.resolve("results");
    String spec = Path.of("..", "examples", "calcloud-memory-bin.yaml").toAbsolutePath().toString();

    Run dry = cli(cliOnly, "sweep", spec, "--dry-run", "--results", results.toString());
    assertEquals(0, dry.exit(), dry.toString());
    Run run = cli(cliOnly, "sweep", spec, "--results", results.toString(), "--work-dir", tmp.resolve("work").toString(),
        "--cache-dir", tmp.resolve("cache").toString());
    assertEquals(69, run.exit(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().startsWith("invoke-jobs sweep: the local backend runs trials with the job runtime"), run.toString());
    assertTrue(run.err().contains(TrialCommand.RUNTIME_CLASSPATH_ENV + "='<repo>/job-runtime/target/lib/*'"), run.toString());
    assertFalse(Files.exists(results), "nothing is written without the runtime");

    // Data of the user's own (nothing to generate): still refused before the sweep record is written.
    Path data = Files.writeString(tmp.resolve("data.csv"), "x,y\n1,2\n");
    Path own = Files.writeString(tmp.resolve("own.yaml"), """
        name: own
        trainer: {command: [sh, train.sh]}
        data: %s
        objective: {metric: val_loss, goal: minimize}
        method: grid
        """.formatted(data.toUri()));
    Run ownRun = cli(cliOnly, "sweep", own.toString(), "--results", results.toString(), "--work-dir",
        tmp.resolve("work").toString(), "--cache-dir", tmp.resolve("cache").toString());
    assertEquals(69, ownRun.exit(), ownRun.toString());
    assertFalse(Files.exists(results), "nothing is written without the runtime");
  }

  private record Run(int exit, String out, String err) {}

  private Run cli(String classpath, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(TrialCommand.currentJava().toString(), "-cp", classpath,
        "com.batchtrain.invoke.cli.Main"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove(TrialCommand.RUNTIME_CLASSPATH_ENV);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the CLI did not end within 120 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static java.util.function.Function<String, String> env(String runtimeClasspath) {
    return Map.of(TrialCommand.RUNTIME_CLASSPATH_ENV, runtimeClasspath)::get;
  }

  private static void jarWith(Path jar, String className) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(className.replace('.', '/') + ".class"));
      out.write(new byte[] {(byte) 0xca, (byte) 0xfe});
      out.closeEntry();
    }
  }
}
