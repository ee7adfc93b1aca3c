package com.batchtrain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.testsupport.container.Commands;
import com.batchtrain.testsupport.container.ContainerRun;
import com.batchtrain.testsupport.container.ImageArchive;
import com.batchtrain.testsupport.container.TarEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer image (docs/container.md, "Trainer images"): the harness added onto a user's own glibc
 * base image, here target/base/glibc-base.tar (glibc, busybox, no Java, no CA bundle), with
 * examples/shell-trainer as the project at /opt/trainer. Built in this module's package phase by the
 * same Jib execution scripts/build-trainer-image drives, then run from its own layers the way Batch
 * starts an array child: the command trainer's trial publishes a manifest to a file:// results store.
 */
class TrainerImageIT {
  private static final long HANG_GUARD_SECONDS = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRAINER_DIR = BuiltImage.property("batchtrain.trainer.dir");
  private final BuiltImage image = BuiltImage.trainer();

  @Test
  void theHarnessSitsOnTheUsersBaseWithTheProjectAsItsOwnLayer() throws Exception {
    ImageArchive a = image.archive();
    ImageArchive base = ImageArchive.extract(Path.of(BuiltImage.property("batchtrain.image.base.dir"), "glibc-base.tar"),
        image.scratch("glibc-base").resolve("archive"));
    // The user's base, untouched, underneath: its layer is the image's first.
    assertEquals(base.layers().get(0).diffId(), a.layers().get(0).diffId());
    assertTrue(base.layers().get(0).entries().stream().noneMatch(e -> e.path().startsWith("opt/java")
        || e.path().startsWith("etc/ssl")), "the stand-in base has neither Java nor a CA bundle");
    // The job image's application layers (reactor modules are "project dependencies" in a reactor build,
    // "snapshot dependencies" with -pl container alone), then the JRE and the project.
    List<String> application = BuiltImage.get().archive().layerNames();
    List<String> expected = new java.util.ArrayList<>(application.subList(1, application.size()));
    expected.addAll(List.of("jre", "trainer project"));
    assertEquals(expected, a.layerNames().subList(1, a.layerNames().size()));
    assertEquals(BuiltImage.get().archive().diffIdsByName().get("classes"), a.diffIdsByName().get("classes"),
        "the same runtime as the job image");

    assertEquals(List.of("/opt/batchtrain/entrypoint.sh"), a.entrypoint());
    assertEquals(List.of("train"), a.cmd());
    assertEquals(EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID, a.user());
    assertEquals(TRAINER_DIR, a.workingDir(), "the command runs in the project directory");
    Map<String, String> env = a.env();
    assertEquals("/opt/java", env.get("JAVA_HOME"), "the entry script execs $JAVA_HOME/bin/java");
    assertEquals(base.env().get("PATH"), env.get("PATH"), "PATH stays the base's: the command finds the base's tools");

    TarEntry java = a.layer("jre").entry("opt/java/bin/java").orElseThrow();
    assertEquals("-rwxr-xr-x", java.mode());
    assertTrue(a.layer("jre").entry("etc/ssl/cert.pem").orElseThrow().size() > 100_000,
        "a CA bundle where the CRT S3 client looks when the base has none");
    List<TarEntry> project = a.layer("trainer project").entries();
    TarEntry script = project.stream().filter(e -> e.path().equals(TRAINER_DIR.substring(1) + "/train.sh")).findFirst()
        .orElseThrow(() -> new AssertionError("no train.sh in " + project));
    assertEquals("-rwxr-xr-x", script.mode(), "*.sh files are executable");
    assertEquals(0, script.uid(), "owned by root: the job user can read, not change, the project");
    assertEquals(Files.size(Path.of(BuiltImage.property("batchtrain.root"), "examples/shell-trainer/train.sh")), script.size());
    assertTrue(a.layer("extra files").entry("opt/batchtrain/entrypoint.sh").isPresent());
  }

  @Test
  void theExampleShellTrainerRunsAsABatchArrayChildAndPublishes() throws Exception {
    Path scratch = image.scratch("shell-trainer");
    Path data = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("static")));
    Path results = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("results")));
    Path runs = EntrypointIT.ownedByJobUser(Files.createDirectories(scratch.resolve("runs")));
    StringBuilder csv = new StringBuilder("job_id,total_mb,memory_gb\n");
    for (int i = 0; i < 500; i++) {
      double totalMb = 200 + (i * 37 % 1800);
      csv.append(i).append(',').append(totalMb).append(',').append(0.002 * totalMb + 0.5 + (i % 7) * 0.01).append('\n');
    }
    Files.writeString(data.resolve("jobs.csv"), csv.toString());

    String sweep = "trainer-image";
    // The trials file as the CLI writes it for examples/shell-trainer/sweep.yaml (docs/job-contract.md).
    String trials = """
        {"sweepId": "%s", "trainer": {"command": ["sh", "train.sh", "{learning_rate}", "{epochs}", "{pause_seconds}"]},
         "dataUri": "file:///static/jobs.csv", "objective": {"metric": "val_loss", "goal": "minimize"},
         "trials": [{"trialId": "t0000", "hyperparameters": {"learning_rate": 0.1, "epochs": 4, "pause_seconds": 0}}]}
        """.formatted(sweep);
    Path trialsFile = results.resolve("sweeps/" + sweep + "/" + ResultsLayout.TRIALS_FILE);
    Files.createDirectories(trialsFile.getParent());
    Files.writeString(trialsFile, trials);
    Commands.run(List.of("chown", "-R", EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID, results.toString()));

    // Only what the job definition and Batch provide: the image's Cmd, contract env and EFS-like mounts.
    ContainerRun.Result r = image.container()
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .mount(runs, EfsLayout.RUNS_MOUNT, false)
        .mount(results, "/results", false)
        .env(JobEnv.BATCH_JOB_ID, "5b1e0c2a-array:0")
        .env(JobEnv.ARRAY_INDEX, "0")
        .env(JobEnv.SWEEP_ID, sweep)
        .env(JobEnv.TRIALS_URI, "file:///results/sweeps/" + sweep + "/" + ResultsLayout.TRIALS_FILE)
        .env(JobEnv.RESULTS_URI, "file:///results/")
        .env(JobEnv.CACHE_DIR, EfsLayout.STATIC_MOUNT)
        .env(JobEnv.CHECKPOINT_ROOT, EfsLayout.RUNS_MOUNT)
        .run(scratch.resolve("train.log"), HANG_GUARD_SECONDS);
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("epoch 4: train_loss"), "the trainer's own stdout is the job's log: " + r.output());

    Path trial = results.resolve("sweeps/" + sweep + "/trials/t0000");
    Manifest manifest = Manifest.fromJson(Files.readAllBytes(trial.resolve(ResultsLayout.MANIFEST)));
    assertEquals("t0000", manifest.trialId());
    assertTrue(manifest.metrics().containsKey("val_loss"), manifest.metrics().toString());
    List<String> published = manifest.files().stream().map(Manifest.Entry::path).toList();
    for (String expected : List.of("checkpoint/model.env", "output/model.json", "history.json", "config.json")) {
      assertTrue(published.contains(expected), expected + " in " + published);
    }
    JsonNode history = JSON.readTree(Files.readString(trial.resolve("history.json"), StandardCharsets.UTF_8));
    assertEquals(4, history.size(), history.toString());
    JsonNode config = JSON.readTree(Files.readString(trial.resolve("config.json"), StandardCharsets.UTF_8));
    assertEquals(List.of("sh", "train.sh", "0.1", "4", "0"),
        JSON.convertValue(config.get("argv"), List.class), "the placeholders substituted: " + config);
    assertFalse(Files.exists(trial.resolve("output/failure")));
  }
}
