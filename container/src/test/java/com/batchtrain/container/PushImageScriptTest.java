package com.batchtrain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * scripts/push-image in --dry-run mode: the Maven command it would run for each variant, and its
 * refusal of bad input. (The push itself needs AWS; bench/container-image.sh pushes to a local
 * registry.)
 */
class PushImageScriptTest {
  private static final Path ROOT = Path.of(BuiltImage.property("batchtrain.root")).toAbsolutePath().normalize();
  private static final String REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/batchtrain";

  @Test
  void cpuImageBuildsOnTemurinAndPushesThroughTheEcrCredentialHelper() throws Exception {
    Run r = pushImage("--dry-run", "--repository", REPOSITORY, "--tag", "1.4.0");
    assertEquals(0, r.exitCode, r.output);
    assertTrue(r.output.contains("-P push\\,registry-base "), r.output);
    assertTrue(r.output.contains("-Dimage.name=" + REPOSITORY + ":1.4.0 "), r.output);
    assertTrue(r.output.contains("-Djib.to.credHelper=ecr-login "), r.output);
    assertTrue(r.output.contains("-Dimage.tar.phase=none "), r.output);
  }

  @Test
  void gpuImageGetsItsOwnTag() throws Exception {
    Run r = pushImage("--dry-run", "--repository", REPOSITORY, "--tag", "1.4.0", "--variant", "gpu");
    assertEquals(0, r.exitCode, r.output);
    assertTrue(r.output.contains("-P push\\,gpu "), r.output);
    assertTrue(r.output.contains("-Dimage.name=" + REPOSITORY + ":1.4.0-gpu "), r.output);
  }

  @Test
  void cpuImageCanUseTheReproducibleLocalBase() throws Exception {
    Run r = pushImage("--dry-run", "--repository", REPOSITORY, "--tag", "1.4.0", "--local-base");
    assertEquals(0, r.exitCode, r.output);
    assertTrue(r.output.contains("-P push "), r.output);
  }

  @Test
  void refusesWhatIsNotAnEcrRepositoryOrATag() throws Exception {
    Run badRepository = pushImage("--dry-run", "--repository", "docker.io/library/batchtrain", "--tag", "1.4.0");
    assertEquals(ExitCode.BAD_INPUT.code(), badRepository.exitCode, badRepository.output);
    assertTrue(badRepository.output.contains("not an ECR repository URI"), badRepository.output);

    Run badTag = pushImage("--dry-run", "--repository", REPOSITORY, "--tag", "no spaces");
    assertEquals(ExitCode.BAD_INPUT.code(), badTag.exitCode, badTag.output);

    Run badVariant = pushImage("--dry-run", "--repository", REPOSITORY, "--tag", "1", "--variant", "tpu");
    assertEquals(ExitCode.BAD_INPUT.code(), badVariant.exitCode, badVariant.output);
  }

  private record Run(int exitCode, String output) {}

  private static Run pushImage(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/push-image").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("push-image hung");
    }
    return new Run(p.exitValue(), out);
  }
}
