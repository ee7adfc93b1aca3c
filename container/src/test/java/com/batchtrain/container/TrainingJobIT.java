package com.batchtrain.container;

import com.batchtrain.testsupport.container.Commands;
import com.batchtrain.testsupport.container.ContainerRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.TrialsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real (tiny) trial trained by the image's own files: the JVM, TensorFlow's natives and the
 * runtime all come from the unpacked layers, on a read-only root with /tmp as the only scratch.
 */
class TrainingJobIT {
  private static final long HANG_GUARD_SECONDS = 300;
  private final BuiltImage image = BuiltImage.get();

  @Test
  void trainsAndPublishesATrialFromTheImage() throws Exception {
    Path scratch = image.scratch("train");
    Path data = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("data")));
    Path results = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("results")));

    ContainerRun.Result generated = image.container().mount(data, "/data", false)
        .run(scratch.resolve("generate.log"), HANG_GUARD_SECONDS, "generate-data", "--output", "/data/calcloud.csv",
            "--rows", "2000");
    assertEquals(0, generated.exitCode(), generated.output());
    assertTrue(Files.size(data.resolve("calcloud.csv")) > 0);

    ContainerRun.Result trained = image.container()
        .mount(data, "/data", true)
        .mount(results, "/results", false)
        .env(JobEnv.SWEEP_ID, "image-test")
        .run(scratch.resolve("train.log"), HANG_GUARD_SECONDS, "train", "--preset", "calcloud-memory-bin",
            "--data", "file:///data/calcloud.csv", "--results", "file:///results/", "--hp", "epochs=1",
            "--hp", "batch_size=128");
    assertEquals(0, trained.exitCode(), trained.output());

    Path manifestFile = findManifest(results).orElseThrow(() -> new AssertionError("no manifest.json under " + results));
    Manifest manifest = Manifest.fromJson(Files.readAllBytes(manifestFile));
    assertEquals("image-test", manifest.sweepId());
    assertEquals(results.resolve("sweeps/image-test/trials/" + manifest.trialId() + "/" + ResultsLayout.MANIFEST),
        manifestFile);
    assertFalse(manifest.files().isEmpty());
  }

  @Test
  void runsAnArrayChildTheWayBatchStartsIt() throws Exception {
    Path scratch = image.scratch("batch-array-child");
    Path data = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("static")));
    Path results = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("results")));
    Path runs = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("runs")));
    assertEquals(0, image.container().mount(data, "/static", false)
        .run(scratch.resolve("generate.log"), HANG_GUARD_SECONDS, "generate-data", "--output",
            "/static/calcloud.csv", "--rows", "2000").exitCode());

    String sweep = "image-array";
    TrialsFile trials = new TrialsFile(sweep, "calcloud-memory-bin", "file:///static/calcloud.csv",
        new Objective("val_loss", Objective.Goal.MINIMIZE),
        List.of(new TrialsFile.Trial("t0000", Map.of("epochs", 1)),
            new TrialsFile.Trial("t0001", Map.of("epochs", 1, "batch_size", 64))));
    Path trialsFile = results.resolve("sweeps/" + sweep + "/" + ResultsLayout.TRIALS_FILE);
    Files.createDirectories(trialsFile.getParent());
    Files.write(trialsFile, trials.toJson());
    // As in the bucket: the submitter wrote the trials file; the job writes beside it.
    Commands.run(List.of("chown", "-R", EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID, results.toString()));

    // Only what the job definition and Batch provide: the image's Cmd, env and EFS mounts.
    ContainerRun.Result r = image.container()
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .mount(runs, EfsLayout.RUNS_MOUNT, false)
        .mount(results, "/results", false)
        .env(JobEnv.BATCH_JOB_ID, "0d6a3c4e-array:1")
        .env(JobEnv.ARRAY_INDEX, "1")
        .env(JobEnv.SWEEP_ID, sweep)
        .env(JobEnv.TRIALS_URI, "file:///results/sweeps/" + sweep + "/" + ResultsLayout.TRIALS_FILE)
        .env(JobEnv.RESULTS_URI, "file:///results/")
        .env(JobEnv.CACHE_DIR, EfsLayout.STATIC_MOUNT)
        .env(JobEnv.CHECKPOINT_ROOT, EfsLayout.RUNS_MOUNT)
        .run(scratch.resolve("train.log"), HANG_GUARD_SECONDS);
    assertEquals(0, r.exitCode(), r.output());

    Path manifestFile = results.resolve("sweeps/" + sweep + "/trials/t0001/" + ResultsLayout.MANIFEST);
    Manifest manifest = Manifest.fromJson(Files.readAllBytes(manifestFile));
    assertEquals("t0001", manifest.trialId());
    assertEquals(64, ((Number) manifest.hyperparameters().get("batch_size")).intValue());
    // On Batch the runtime logs JSON lines (CloudWatch Logs Insights reads them as fields).
    assertTrue(r.output().lines().anyMatch(l -> l.startsWith("{") && l.contains("t0001")), r.output());
  }

  @Test
  void sigtermReachesTheJvmWhichCheckpointsAndAsksForARetry() throws Exception {
    Path scratch = image.scratch("sigterm");
    Path data = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("data")));
    Path results = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("results")));
    Path runs = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("runs")));

    assertEquals(0, image.container().mount(data, "/data", false)
        .run(scratch.resolve("generate.log"), HANG_GUARD_SECONDS, "generate-data", "--output", "/data/calcloud.csv",
            "--rows", "4000").exitCode());

    ContainerRun.Running job = image.container()
        .mount(data, "/data", true)
        .mount(results, "/results", false)
        .mount(runs, "/runs", false)
        .env(JobEnv.SWEEP_ID, "image-sigterm")
        .env(JobEnv.CHECKPOINT_ROOT, "/runs")
        .start(scratch.resolve("train.log"), "train", "--preset", "calcloud-memory-bin",
            "--data", "file:///data/calcloud.csv", "--results", "file:///results/", "--hp", "epochs=10000",
            "--hp", "batch_size=32");
    awaitFirstEpoch(job, results);

    // The entry script exec'ed: the JVM itself is PID 1, as under Docker/ECS.
    assertEquals(Optional.of("java"), job.pid1Command());
    job.terminate();
    ContainerRun.Result r = job.await(HANG_GUARD_SECONDS);

    assertEquals(ExitCode.TRANSIENT.code(), r.exitCode(), r.output());
    assertTrue(findManifest(results).isEmpty(), "a stopped trial must not publish a manifest");
    try (Stream<Path> files = Files.walk(runs.resolve("image-sigterm"))) {
      assertTrue(files.anyMatch(Files::isRegularFile), "the final checkpoint must be in the run directory");
    }
  }

  private static void awaitFirstEpoch(ContainerRun.Running job, Path results) throws Exception {
    // Polls (hang-guarded) for the first epoch's metrics: then training is surely under way.
    for (int i = 0; i < HANG_GUARD_SECONDS * 10; i++) {
      if (!job.isAlive()) {
        throw new AssertionError("training ended early:\n" + Commands.tail(job.output()));
      }
      if (!epochMetrics(results).isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no epoch finished:\n" + Commands.tail(job.output()));
  }

  private static List<Path> epochMetrics(Path results) throws IOException {
    try (Stream<Path> files = Files.walk(results)) {
      return files.filter(p -> p.getFileName().toString().matches("epoch-\\d{4}\\.json")).toList();
    }
  }

  private static Optional<Path> findManifest(Path results) throws IOException {
    try (Stream<Path> files = Files.walk(results)) {
      return files.filter(p -> p.getFileName().toString().equals(ResultsLayout.MANIFEST)).findFirst();
    }
  }
}
