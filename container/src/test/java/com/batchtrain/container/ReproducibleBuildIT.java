package com.batchtrain.container;

import com.batchtrain.testsupport.container.ImageArchive;
import com.batchtrain.testsupport.container.Commands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rebuilds the image from a clean copy of the sources, base image included, and again after a
 * code-only change: the first must be byte-identical to this build's image, the second must
 * differ only in the application layer (what a code-only push uploads).
 */
class ReproducibleBuildIT {
  private static final Path ROOT = Path.of(BuiltImage.property("batchtrain.root")).toAbsolutePath().normalize();
  private static final Set<String> NOT_SOURCES = Set.of("target", ".git", "node_modules", "cdk.out", ".idea");
  private static final String APPLICATION_LAYER = "project dependencies";

  @Test
  void cleanRebuildIsIdenticalAndACodeChangeMovesOnlyTheApplicationLayer() throws Exception {
    BuiltImage image = BuiltImage.get();
    Path work = image.scratch("reproducible-build");
    Path copy = work.resolve("sources");
    copySources(ROOT, copy);

    Path first = buildImage(copy, work.resolve("clean.tar"));
    Path original = Path.of(BuiltImage.property("batchtrain.image.tar"));
    assertEquals(sha256(original), sha256(first), "a clean rebuild must give a byte-identical image tar");

    Path probe = copy.resolve("job-runtime/src/main/java/com/batchtrain/runtime/ImageRebuildProbe.java");
    Files.writeString(probe, "package com.batchtrain.runtime;\n\n"
        + "/** Added by ReproducibleBuildIT to a copy of the sources: a code-only change. */\n"
        + "final class ImageRebuildProbe {\n  private ImageRebuildProbe() {}\n}\n");
    Path changed = buildImage(copy, work.resolve("changed.tar"));

    Map<String, String> before = ImageArchive.extract(first, work.resolve("clean")).diffIdsByName();
    Map<String, String> after = ImageArchive.extract(changed, work.resolve("changed")).diffIdsByName();
    assertEquals(before.keySet(), after.keySet());
    Map<String, String> unchangedBefore = new LinkedHashMap<>(before);
    Map<String, String> unchangedAfter = new LinkedHashMap<>(after);
    unchangedBefore.remove(APPLICATION_LAYER);
    unchangedAfter.remove(APPLICATION_LAYER);
    assertEquals(unchangedBefore, unchangedAfter, "only the application layer may change");
    assertNotEquals(before.get(APPLICATION_LAYER), after.get(APPLICATION_LAYER));
  }

  private static Path buildImage(Path sources, Path tar) throws IOException, InterruptedException {
    MavenBuild.run(sources, "-q", "-pl", "container", "-am", "package", "-Dmaven.test.skip=true", "-Dtrainer.tar.phase=none",
        "-Dimage.tar=" + tar);
    return tar;
  }

  private static void copySources(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(from) && NOT_SOURCES.contains(dir.getFileName().toString())) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static String sha256(Path file) throws IOException, InterruptedException {
    return Commands.run(java.util.List.of("sha256sum", file.toString())).split(" ")[0];
  }
}
