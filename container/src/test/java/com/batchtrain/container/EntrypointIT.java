package com.batchtrain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.JobEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The entry script's checks, run from the image's own files: each misconfiguration stops the job
 * before the JVM starts, with the contract's exit code and a message naming the fix.
 */
class EntrypointIT {
  private static final long HANG_GUARD_SECONDS = 120;
  private final BuiltImage image = BuiltImage.get();

  @Test
  void helpRunsFromTheImageAsTheJobUser() throws Exception {
    Path scratch = image.scratch("help");
    ContainerRun.Result r = image.container().run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("train"), r.output());
  }

  @Test
  void rejectsAnUnwritableScratchDir() throws Exception {
    Path scratch = image.scratch("unwritable-tmp");
    ContainerRun.Result r = image.container().env("BT_TMP_DIR", "/opt")
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains("scratch dir /opt is not writable by uid " + EfsLayout.JOB_UID), r.output());
  }

  @Test
  void gpuVariantWithoutAVisibleGpuAsksForARetryElsewhere() throws Exception {
    Path scratch = image.scratch("no-gpu");
    ContainerRun.Result r = image.container().env("BATCHTRAIN_IMAGE_VARIANT", "gpu")
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(ExitCode.TRANSIENT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains("nvidia-smi is absent"), r.output());
  }

  @Test
  void cpuImageWarnsWhenGivenGpus() throws Exception {
    Path scratch = image.scratch("cpu-with-gpu");
    ContainerRun.Result r = image.container().env("NVIDIA_VISIBLE_DEVICES", "GPU-3f2c")
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("GPUs assigned (GPU-3f2c) but this is the CPU image"), r.output());
  }

  @Test
  void onBatchRequiresTheEfsMounts() throws Exception {
    Path scratch = image.scratch("batch-no-efs");
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains(EfsLayout.RUNS_MOUNT + " (checkpoint root) is not a mount"), r.output());
  }

  @Test
  void onBatchRequiresRunsWritableByTheJobUser() throws Exception {
    Path scratch = image.scratch("batch-runs-root-owned");
    Path runs = Files.createDirectories(scratch.resolve("runs"));
    Path data = Files.createDirectories(scratch.resolve("static"));
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .mount(runs, EfsLayout.RUNS_MOUNT, false)
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains(EfsLayout.RUNS_MOUNT + " is not writable by uid " + EfsLayout.JOB_UID), r.output());
  }

  @Test
  void onBatchWithEfsMountedReachesTheRuntime() throws Exception {
    Path scratch = image.scratch("batch-with-efs");
    Path runs = ownedByJobUser(Files.createDirectories(scratch.resolve("runs")));
    Path data = Files.createDirectories(scratch.resolve("static"));
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .mount(runs, EfsLayout.RUNS_MOUNT, false)
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("train"), r.output());
  }

  static Path ownedByJobUser(Path dir) throws IOException {
    Files.setAttribute(dir, "unix:uid", EfsLayout.JOB_UID);
    Files.setAttribute(dir, "unix:gid", EfsLayout.JOB_GID);
    return dir;
  }
}
