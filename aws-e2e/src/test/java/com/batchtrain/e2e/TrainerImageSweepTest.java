package com.batchtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StackOutputs;
import com.batchtrain.testsupport.batch.JobDefinition;
import com.batchtrain.testsupport.batch.JobStatus;
import com.batchtrain.testsupport.batch.JobView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sweep of the user's own image on the emulated account (docs/container.md, "Trainer images"): the
 * trainer image the container module built (the harness on a glibc base without Java, with
 * examples/shell-trainer at /opt/trainer) is pushed under an ECR URI of its own, the spec names it as
 * {@code trainer.image}, and the real CLI registers a copy of the stack's trial job definition with
 * only the image changed and submits the array with it. The trials run train.sh from that image's
 * own layers (the stage job from the stack's image), on the stack's roles, EFS access points and
 * retry rule, and publish their manifests to the results bucket.
 */
class TrainerImageSweepTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(8);

  @Test
  void theCliRegistersACopyOfTheTrialDefinitionForTheSweepsImageAndItsTrialsRunFromThatImage() throws Exception {
    EmulatedAwsAccount aws = EmulatedAwsAccount.get();
    Path trainerTar = Path.of(System.getProperty("batchtrain.trainer.tar"));
    assertTrue(Files.isRegularFile(trainerTar), trainerTar + " is missing: build the container module first");
    String image = aws.emulator.account() + ".dkr.ecr." + aws.emulator.region() + ".amazonaws.com/team/shell-trainer:v1";
    aws.emulator.push(image, trainerTar);
    String batchStack = StackOutputs.stackName(EmulatedAwsAccount.PREFIX, StackOutputs.BATCH_STACK);
    String stackDefinition = aws.emulator.output(batchStack, StackOutputs.CPU_TRIAL_JOB_DEFINITION);

    String data = aws.dataset("shared/calcloud/own-image.csv", 2000);
    // examples/shell-trainer/sweep.yaml, with the image and an s3:// dataset.
    Path spec = aws.spec("own-image", """
        name: own-image
        trainer:
          command: [sh, train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
          image: %s
        data: %s
        objective: {metric: val_loss, goal: minimize}
        method: grid
        queue: cpu
        resources: {vcpus: 1, memory_mib: 1024}
        retries: 1
        timeout: 30m
        parameters:
          learning_rate: {values: [0.1, 0.3]}
          epochs: {value: 4}
          pause_seconds: {value: 0}
        """.formatted(image, data));
    Cli cli = aws.cli("own-image");

    // A dry run shows the registration and registers nothing.
    Cli.Result dry = cli.run("sweep", spec.toString(), "--dry-run");
    assertEquals(0, dry.exitCode(), dry.toString());
    assertTrue(dry.out().contains("RegisterJobDefinition request, for trainer.image (a copy of " + stackDefinition), dry.out());
    assertTrue(dry.out().contains("\"image\" : \"" + image + "\""), dry.out());
    assertTrue(copies(aws, image).isEmpty(), "a dry run registers nothing");

    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    List<JobDefinition> copies = copies(aws, image);
    assertEquals(1, copies.size(), copies.toString());
    JobDefinition copy = copies.get(0);
    JobDefinition source = aws.emulator.jobDefinitions().stream().filter(d -> d.arn().equals(stackDefinition))
        .findFirst().orElseThrow();
    assertTrue(copy.name().matches("BatchTrain-cpu-trial-image-[0-9a-f]{12}"), copy.name());
    assertTrue(sweep.out().contains("registered job definition " + copy.arn() + " for trainer.image " + image), sweep.out());
    ObjectNode expected = source.containerProperties().deepCopy();
    expected.put("image", image);
    assertEquals(expected, copy.containerProperties(), "only the image changed: roles, volumes, mounts, user, env");
    assertEquals(source.retryStrategy(), copy.retryStrategy());
    assertEquals(source.attemptDurationSeconds(), copy.attemptDurationSeconds());

    List<JobView> jobs = aws.awaitSweep(id, SWEEP_TIMEOUT);
    JobView stage = jobs.stream().filter(j -> j.name().equals(id + "-stage")).findFirst().orElseThrow();
    assertEquals(JobStatus.SUCCEEDED, stage.status(), aws.logs(stage));
    assertEquals(aws.emulator.output(batchStack, StackOutputs.STAGE_JOB_DEFINITION), stage.jobDefinition(),
        "the dataset is staged by the stack's own image");
    JobView array = jobs.stream().filter(j -> j.name().equals(id)).findFirst().orElseThrow();
    assertEquals(JobStatus.SUCCEEDED, array.status(), aws.logs(array));
    assertEquals(copy.arn(), array.jobDefinition());
    for (String child : array.children()) {
      JobView c = aws.emulator.job(child);
      String log = c.attempts().get(0).output();
      assertTrue(log.contains("epoch 4: train_loss"), log);
      assertTrue(log.contains("/opt/trainer"), "the command runs in the image's project directory: " + log);
      assertFalse(log.contains("WARNING"), log);
    }
    for (String trial : List.of("t0000", "t0001")) {
      String prefix = "sweeps/" + id + "/trials/" + trial + "/";
      JsonNode manifest = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket)
          .key(prefix + "manifest.json")).asByteArray());
      assertTrue(manifest.path("metrics").has("val_loss"), manifest.toString());
      List<String> files = manifest.path("files").findValuesAsText("path");
      assertTrue(files.contains("checkpoint/model.env") && files.contains("output/model.json"), files.toString());
    }
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().contains("2 succeeded"), status.toString());
    JsonNode board = JSON.readTree(cli.run("results", id, "--format", "json").out());
    assertEquals(2, board.path("leaderboard").size(), board.toString());

    // The next sweep of the same image on the same stack finds the copy instead of registering another.
    Cli.Result again = cli.run("sweep", spec.toString(), "--dry-run");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("reusing job definition " + copy.arn()), again.out());
    assertTrue(again.out().contains("\"jobDefinition\" : \"" + copy.arn() + "\""), again.out());
    assertEquals(1, copies(aws, image).size());

    // A probe of a new image tag runs on that image's own copy, registered for it (the sweep then reuses it).
    String v2 = image.replace(":v1", ":v2");
    aws.emulator.push(v2, trainerTar);
    Path probeSpec = aws.spec("own-image-v2", Files.readString(spec).replace(image, v2).replace("{value: 4}",
        "{value: 40}"));
    Cli.Result probe = cli.run("sweep", probeSpec.toString(), "--probe", "--dry-run", "--poll", "1");
    assertEquals(0, probe.exitCode(), probe.toString());
    List<JobDefinition> v2copies = copies(aws, v2);
    assertEquals(1, v2copies.size(), v2copies.toString());
    assertTrue(probe.out().contains("registered job definition " + v2copies.get(0).arn() + " for trainer.image " + v2),
        probe.out());
    assertTrue(probe.out().contains("reusing job definition " + v2copies.get(0).arn()), probe.out());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("probe (own-image-probe-\\S+): ").matcher(probe.out());
    assertTrue(m.find(), probe.out());
    JobView probed = aws.jobsOf(m.group(1)).stream().filter(j -> j.name().endsWith("-t0000")).findFirst().orElseThrow();
    assertEquals(v2copies.get(0).arn(), probed.jobDefinition());
    assertTrue(probe.out().contains("estimate: 2 trials x 40 epochs"), probe.out());
  }

  /** The job definitions registered for {@code image} (not the templates'). */
  private static List<JobDefinition> copies(EmulatedAwsAccount aws, String image) {
    return aws.emulator.jobDefinitions().stream().filter(d -> d.image().equals(image)).toList();
  }
}
