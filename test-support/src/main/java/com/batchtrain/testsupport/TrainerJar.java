package com.batchtrain.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's plug-in jar as they would build it: one source file compiled against {@code classpath}
 * and packed with its {@code META-INF/services} entry, so that the class is on no class path but
 * the ones a test hands the jar to.
 */
public final class TrainerJar {
  private TrainerJar() {}

  /** Compiles {@code source} (one top-level class, {@code implementation}) and writes {@code jar}. */
  public static Path build(Path source, String service, String implementation, String classpath, Path jar) throws IOException {
    Path classes = Files.createTempDirectory("trainer-classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler: the tests need a JDK, not a JRE");
    }
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath, source.toString());
    if (rc != 0) {
      throw new IllegalStateException("javac exited " + rc + " compiling " + source);
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/" + service));
      out.write((implementation + "\n").getBytes(StandardCharsets.UTF_8));
      try (var files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
          try (InputStream in = Files.newInputStream(f)) {
            in.transferTo(out);
          }
        }
      }
    }
    return jar;
  }
}
