package com.batchtrain.container;

import com.batchtrain.testsupport.container.ContainerRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractShell;
import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.EfsVolume;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.JobCommand;
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
  void onBatchATrialRequiresTheEfsMounts() throws Exception {
    Path scratch = image.scratch("batch-no-efs");
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.TRAIN.id(), "--help");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains(EfsLayout.STATIC_MOUNT + " (data cache) is not a mount"), r.output());
  }

  @Test
  void onBatchATrialWithoutRunsIsRefusedBeforeTheJvmStarts() throws Exception {
    Path scratch = image.scratch("batch-train-static-only");
    Path data = Files.createDirectories(scratch.resolve("static"));
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.TRAIN.id(), "--help");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains(EfsLayout.RUNS_MOUNT + " (checkpoint root) is not a mount: the job definition"
        + " lacks the EFS volume the 'train' command needs"), r.output());
  }

  @Test
  void onBatchRequiresRunsWritableByTheJobUser() throws Exception {
    Path scratch = image.scratch("batch-runs-root-owned");
    Path runs = Files.createDirectories(scratch.resolve("runs"));
    Path data = Files.createDirectories(scratch.resolve("static"));
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .mount(runs, EfsLayout.RUNS_MOUNT, false)
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.TRAIN.id(), "--help");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains(EfsLayout.RUNS_MOUNT + " is not writable by uid " + EfsLayout.JOB_UID), r.output());
  }

  @Test
  void onBatchWithEfsMountedATrialReachesTheRuntime() throws Exception {
    Path scratch = image.scratch("batch-with-efs");
    Path runs = ownedByJobUser(Files.createDirectories(scratch.resolve("runs")));
    Path data = Files.createDirectories(scratch.resolve("static"));
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .mount(runs, EfsLayout.RUNS_MOUNT, false)
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.TRAIN.id(), "--help");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Usage: job-runtime train"), r.output());
  }

  /**
   * The stage job definition mounts only /static (read-write). This failed with "/runs (checkpoint
   * root) is not a mount" while the entry script required /runs of every Batch job, which made every
   * sweep with s3:// data fail before a trial ran.
   */
  @Test
  void onBatchTheStageJobNeedsOnlyTheCacheWritable() throws Exception {
    Path scratch = image.scratch("batch-stage");
    Path data = ownedByJobUser(Files.createDirectories(scratch.resolve("static")));
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .mount(data, EfsLayout.STATIC_MOUNT, false)
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.STAGE.id(), "--help");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Usage: job-runtime stage"), r.output());
  }

  @Test
  void onBatchTheStageJobIsRefusedAReadOnlyCache() throws Exception {
    Path scratch = image.scratch("batch-stage-read-only");
    Path data = ownedByJobUser(Files.createDirectories(scratch.resolve("static")));
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .mount(data, EfsLayout.STATIC_MOUNT, true)
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.STAGE.id(), "--help");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains(EfsLayout.STATIC_MOUNT + " is not writable by uid " + EfsLayout.JOB_UID), r.output());
  }

  @Test
  void commandsThatAreNoBatchJobNeedNoMounts() throws Exception {
    Path scratch = image.scratch("batch-help");
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, "--help");
    assertEquals(0, r.exitCode(), r.output());
  }

  /**
   * The driver of a driven sweep runs the invoke-jobs CLI the image carries, not the runtime: the
   * contract's main class for {@code drive}, with the image's own class path.
   */
  @Test
  void driveRunsTheCliFromTheImage() throws Exception {
    Path scratch = image.scratch("drive-help");
    ContainerRun.Result r = image.container().run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.DRIVE.id(),
        "--help");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Usage: invoke-jobs drive"), r.output());
  }

  @Test
  void driveRefusesABadSweepIdNamingTheField() throws Exception {
    Path scratch = image.scratch("drive-bad-sweep");
    ContainerRun.Result r = image.container().run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.DRIVE.id(),
        "Bad Sweep!", "--backend", "aws", "--results", "s3://batchtrain-results/");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains("(SWEEP)") && r.output().contains("'Bad Sweep!'"), r.output());
  }

  /**
   * On Batch the driver job definition mounts no EFS volume: the entry script lets {@code drive}
   * through without one, and the CLI itself reads the results store (here a missing sweep, exit 64).
   */
  @Test
  void onBatchTheDriverNeedsNoMounts() throws Exception {
    Path scratch = image.scratch("batch-drive");
    ContainerRun.Result r = image.container().env(JobEnv.BATCH_JOB_ID, "job-1")
        .run(scratch.resolve("log"), HANG_GUARD_SECONDS, JobCommand.DRIVE.id(), "calcloud-bayes-20261207-1200-ab12",
            "--backend", "aws", "--results", "file:///tmp/results/");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertFalse(r.output().contains("is not a mount"), r.output());
    assertTrue(r.output().contains("no file:///tmp/results/sweeps/calcloud-bayes-20261207-1200-ab12/sweep.json"),
        r.output());
  }

  /** The entry script's contract names come from the contract: the image carries what ContractShell renders. */
  @Test
  void theImageCarriesTheContractRenderedAtBuildTime() throws Exception {
    assertEquals(ContractShell.render(), Files.readString(image.rootfs().resolve(ContractShell.IMAGE_PATH)));
    assertEquals(ContractShell.render(), Files.readString(Path.of(BuiltImage.property("batchtrain.image.contract"))));
  }

  /** No exit code or mount path is spelled in the entry script itself: they would drift from the contract. */
  @Test
  void theEntryScriptHasNoCopyOfTheContract() throws Exception {
    String script = Files.readString(image.rootfs().resolve("/opt/batchtrain/entrypoint.sh"));
    String code = script.lines().filter(l -> !l.trim().startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    for (ExitCode exit : ExitCode.values()) {
      // 1 (FAILED, a command trainer's own failure) is never the script's, and $1 / 2>&1 are shell syntax.
      if (exit != ExitCode.SUCCESS && exit != ExitCode.FAILED) {
        assertFalse(code.matches("(?s).*\\b" + exit.code() + "\\b.*"), "entrypoint.sh spells exit code " + exit.code());
      }
    }
    for (EfsVolume volume : EfsVolume.values()) {
      assertFalse(code.contains(volume.mountPath()), "entrypoint.sh spells " + volume.mountPath());
      assertFalse(code.contains(volume.variable()), "entrypoint.sh spells " + volume.variable());
    }
    for (JobCommand command : JobCommand.values()) {
      assertFalse(code.contains(command.mainClass()), "entrypoint.sh spells " + command.mainClass());
    }
  }

  static Path ownedByJobUser(Path dir) throws IOException {
    Files.setAttribute(dir, "unix:uid", EfsLayout.JOB_UID);
    Files.setAttribute(dir, "unix:gid", EfsLayout.JOB_GID);
    return dir;
  }
}
