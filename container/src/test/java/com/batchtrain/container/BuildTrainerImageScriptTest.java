package com.batchtrain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/build-trainer-image in --dry-run mode: the Maven command it runs (the trainer-image Jib
 * execution that TrainerImageIT's image comes from, with the user's values) and its refusals. The
 * image itself is built and run by TrainerImageIT and, as a sweep's trainer.image, by aws-e2e.
 */
class BuildTrainerImageScriptTest {
  private static final Path ROOT = Path.of(BuiltImage.property("batchtrain.root")).toAbsolutePath().normalize();
  private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/trainer:v1";

  @TempDir
  Path tmp;

  @Test
  void aLocalBaseTarBuildsOfflineIntoATar() throws Exception {
    Path base = Files.writeString(tmp.resolve("base.tar"), "not read by a dry run");
    Path project = Files.createDirectories(tmp.resolve("my project"));
    Run r = script("--dry-run", "--base", base.toString(), "--project", project.toString(), "--tar",
        tmp.resolve("out/img.tar").toString(), "--offline");
    assertEquals(0, r.exitCode, r.output);
    assertTrue(r.output.contains("-pl container -am "), r.output);
    assertTrue(r.output.contains("-Dtrainer.base=tar://" + base + " "), r.output);
    assertTrue(r.output.contains("-Dtrainer.project=" + tmp.resolve("my\\ project") + " "), r.output);
    assertTrue(r.output.contains("-Dtrainer.tar=" + tmp.resolve("out/img.tar") + " "), r.output);
    assertTrue(r.output.contains("-Dimage.tar.phase=none "), "the job image's own tar is not built: " + r.output);
    assertTrue(r.output.contains("--offline "), r.output);
    assertFalse(r.output.contains("trainer-push"), r.output);
    assertTrue(r.output.trim().endsWith(" package"), r.output);
  }

  @Test
  void aRegistryBaseAndAnEcrTargetPushThroughTheCredentialHelper() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    Run r = script("--dry-run", "--base", "python:3.12-slim-bookworm", "--project", project.toString(), "--to", ECR);
    assertEquals(0, r.exitCode, r.output);
    assertTrue(r.output.contains("-Dtrainer.base=python:3.12-slim-bookworm "), r.output);
    assertTrue(r.output.contains("-Dtrainer.image=" + ECR + " "), r.output);
    assertTrue(r.output.contains("-P trainer-push "), r.output);
    assertTrue(r.output.contains("-Djib.to.credHelper=ecr-login "), r.output);
  }

  @Test
  void refusesWhatCannotBeBuilt() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    Run noProject = script("--dry-run", "--base", "python:3.12-slim", "--project", tmp.resolve("missing").toString());
    assertEquals(ExitCode.BAD_INPUT.code(), noProject.exitCode, noProject.output);
    assertTrue(noProject.output.contains("is not a directory"), noProject.output);
    Run noBase = script("--dry-run", "--project", project.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), noBase.exitCode, noBase.output);
    Run missingTar = script("--dry-run", "--base", tmp.resolve("nope.tar").toString(), "--project", project.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), missingTar.exitCode, missingTar.output);
    assertTrue(missingTar.output.contains("no such file"), missingTar.output);
    Run offlineRegistry = script("--dry-run", "--base", "ubuntu:24.04", "--project", project.toString(), "--offline");
    assertEquals(ExitCode.BAD_INPUT.code(), offlineRegistry.exitCode, offlineRegistry.output);
    assertTrue(offlineRegistry.output.contains("cannot be pulled --offline"), offlineRegistry.output);
    Run badTarget = script("--dry-run", "--base", "ubuntu:24.04", "--project", project.toString(), "--to", "Not An Image");
    assertEquals(ExitCode.BAD_INPUT.code(), badTarget.exitCode, badTarget.output);
  }

  private record Run(int exitCode, String output) {}

  private static Run script(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/build-trainer-image").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("build-trainer-image hung");
    }
    return new Run(p.exitValue(), out);
  }
}
