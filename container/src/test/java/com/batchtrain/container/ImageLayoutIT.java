package com.batchtrain.container;

import com.batchtrain.testsupport.container.ImageArchive;
import com.batchtrain.testsupport.container.TarEntry;
import com.batchtrain.testsupport.container.RootFilesystem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.JobCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The configuration and layering of the CPU image the build produced. */
class ImageLayoutIT {
  /** The invoke-jobs CLI's jar, for the driver job (JobCommand.DRIVE). */
  private static final String CLI_JAR = "app/libs/invoke-jobs.jar";
  private final ImageArchive image = BuiltImage.get().archive();

  @Test
  void runsTheEntryScriptAsTheJobUser() {
    assertEquals(List.of("/opt/batchtrain/entrypoint.sh"), image.entrypoint());
    assertEquals(List.of("train"), image.cmd());
    assertEquals(EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID, image.user());
    assertEquals("/tmp", image.workingDir());
    assertEquals("cpu", image.env().get("BATCHTRAIN_IMAGE_VARIANT"));
    assertEquals("/opt/java", image.env().get("JAVA_HOME"));
    assertTrue(image.env().get("PATH").startsWith("/opt/java/bin:"), image.env().get("PATH"));
    assertEquals("cpu", image.labels().get("com.batchtrain.variant"));
  }

  @Test
  void separatesTensorFlowNativesDependenciesAndApplication() {
    List<String> names = image.layerNames();
    assertTrue(names.get(0).startsWith("batchtrain base:"), names.get(0));
    assertEquals(List.of("dependencies", "project dependencies", "resources", "classes", "jvm arg files",
        "extra files", "tensorflow native"), names.subList(1, names.size()));

    List<String> nativeJars = jars(image.layer("tensorflow native"));
    assertEquals(List.of("app/libs/tensorflow-core-native-1.1.0-linux-x86_64.jar"), nativeJars);

    // The reactor's modules (this build's version) and nothing else form the application layer. Jib
    // names a module's jar as its build names it: invoke-jobs builds target/invoke-jobs.jar (a fixed
    // finalName, which scripts/invoke-jobs runs), every other module <artifactId>-<version>.jar.
    String ownJar = "-" + BuiltImage.property("batchtrain.project.version") + ".jar";
    List<String> application = jars(image.layer("project dependencies"));
    assertTrue(application.contains("app/libs/job-runtime" + ownJar), application.toString());
    assertTrue(application.contains(CLI_JAR), application.toString());
    assertTrue(application.stream().allMatch(j -> j.endsWith(ownJar) || j.equals(CLI_JAR)), application.toString());

    List<String> dependencies = jars(image.layer("dependencies"));
    assertTrue(dependencies.stream().anyMatch(j -> j.contains("tensorflow-core-api")), dependencies.toString());
    // The CLI's Batch client (the driver job's SubmitJob/ListJobs) is a dependency like the runtime's S3 client.
    assertTrue(dependencies.stream().anyMatch(j -> j.startsWith("app/libs/batch-")), dependencies.toString());
    assertFalse(dependencies.stream().anyMatch(j -> j.contains("linux-x86_64") || j.endsWith(ownJar) || j.equals(CLI_JAR)),
        dependencies.toString());
  }

  @Test
  void pinsTimestampsAndOwnership() {
    assertEquals("1970-01-01T00:00:00Z", image.created());
    for (ImageArchive.Layer layer : image.layers()) {
      for (TarEntry e : layer.entries()) {
        assertTrue(e.mtime().startsWith("1970-01-01 00:00:0"), layer.name() + ": " + e);
        assertEquals(0, e.uid(), layer.name() + ": " + e);
      }
    }
  }

  @Test
  void installsAnExecutableEntryScriptAndJibsLaunchFiles() throws IOException {
    TarEntry script = image.layer("extra files").entry("opt/batchtrain/entrypoint.sh").orElseThrow();
    assertEquals("-rwxr-xr-x", script.mode());
    RootFilesystem rootfs = BuiltImage.get().rootfs();
    assertEquals(BuiltImage.property("batchtrain.image.main-class"),
        Files.readString(rootfs.resolve("/app/jib-main-class-file")).trim());
    // The image's own main class (what the entry script runs for words that are no job command) is the
    // runtime the contract names for train and stage.
    assertEquals(JobCommand.RUNTIME_MAIN, BuiltImage.property("batchtrain.image.main-class"));
    assertTrue(Files.readString(rootfs.resolve("/app/jib-classpath-file")).contains("/app/libs/job-runtime-"));
  }

  @Test
  void baseProvidesShellWritableTmpAndTheJobUser() throws IOException {
    ImageArchive.Layer base = image.layers().get(0);
    assertEquals("drwxrwxrwt", base.entry("tmp").orElseThrow().mode());
    assertEquals("usr/bin", base.entry("bin").orElseThrow().linkTarget());
    assertEquals("busybox", base.entry("usr/bin/sh").orElseThrow().linkTarget());
    assertTrue(base.entry("opt/java/bin/java").orElseThrow().mode().startsWith("-rwx"));
    assertTrue(Files.readAllLines(BuiltImage.get().rootfs().resolve("/etc/passwd"))
        .contains("batchtrain:x:" + EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID + ":batchtrain job:/tmp:/sbin/nologin"));
  }

  /**
   * The CRT S3 client builds its TLS context from the system trust store (not Java's cacerts) and
   * refuses to start without one; the emulated Batch account found the stage job failing on it.
   */
  @Test
  void baseCarriesTheSystemTrustStore() throws IOException {
    String bundle = Files.readString(BuiltImage.get().rootfs().resolve("/etc/ssl/certs/ca-certificates.crt"));
    assertTrue(bundle.contains("-----BEGIN CERTIFICATE-----"), "a PEM bundle");
    assertTrue(bundle.split("BEGIN CERTIFICATE").length > 100, "Debian's bundle holds well over 100 CAs");
  }

  @Test
  void javaRuntimeHasEveryModuleTheClasspathUses() throws IOException {
    RootFilesystem rootfs = BuiltImage.get().rootfs();
    Set<String> available = Files.readAllLines(rootfs.resolve("/opt/java/release")).stream()
        .filter(l -> l.startsWith("MODULES="))
        .flatMap(l -> Arrays.stream(l.substring("MODULES=".length()).replace("\"", "").split(" ")))
        .collect(Collectors.toSet());
    Path libs = rootfs.resolve("/app/libs");
    List<String> args = new ArrayList<>(List.of("--multi-release", "17", "--ignore-missing-deps",
        "--print-module-deps", "--module-path", libs.toString()));
    try (Stream<Path> jars = Files.list(libs)) {
      // The native jars hold only .so files.
      jars.filter(j -> !j.getFileName().toString().contains("-linux-")).sorted().forEach(j -> args.add(j.toString()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = ToolProvider.findFirst("jdeps").orElseThrow()
        .run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    assertEquals(0, rc, err.toString());
    String[] lines = out.toString().trim().split("\n");
    Set<String> needed = new TreeSet<>(Arrays.asList(lines[lines.length - 1].trim().split(",")));
    needed.removeAll(available);
    assertEquals(Set.of(), needed, "modules missing from the jlink'ed runtime (container/base/build-base.sh)");
  }

  private static List<String> jars(ImageArchive.Layer layer) {
    return layer.entries().stream().filter(TarEntry::isRegularFile).map(TarEntry::path).filter(p -> p.endsWith(".jar"))
        .sorted().toList();
  }
}
