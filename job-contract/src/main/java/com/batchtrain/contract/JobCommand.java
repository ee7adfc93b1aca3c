package com.batchtrain.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The image's commands that run as Batch jobs, the EFS volumes each needs mounted, and the program
 * (main class) that runs it: the job definitions mount exactly these volumes, and the image's entry
 * script checks exactly these and execs that class (through the shell file {@link ContractShell}
 * renders from this enum at build time).
 */
public enum JobCommand {
  /** A trial: reads the cache (never writes it, so no trial can corrupt another's data), keeps checkpoints in /runs. */
  TRAIN("train", List.of(new MountNeed(EfsVolume.STATIC, true), new MountNeed(EfsVolume.RUNS, false)), JobCommand.RUNTIME_MAIN),
  /** Dataset staging, before a sweep's trials: the one job that fills the cache; no checkpoints. */
  STAGE("stage", List.of(new MountNeed(EfsVolume.STATIC, false)), JobCommand.RUNTIME_MAIN),
  /**
   * The driver of a driven sweep (method bayes), the invoke-jobs CLI's {@code drive}: it talks to
   * Batch and the results bucket only, so it mounts nothing (its role cannot mount EFS either).
   */
  DRIVE("drive", List.of(), JobCommand.CLI_MAIN);

  /**
   * The job runtime's entry point (module job-runtime), also the image's own main class (Jib's
   * {@code /app/jib-main-class-file}), which the entry script runs for any word that is no job command.
   */
  public static final String RUNTIME_MAIN = "com.batchtrain.runtime.Main";
  /** The invoke-jobs CLI's entry point (module invoke-jobs), which the image carries for {@link #DRIVE}. */
  public static final String CLI_MAIN = "com.batchtrain.invoke.cli.Main";

  /** A volume a command needs, and whether it is mounted read-only. */
  public record MountNeed(EfsVolume volume, boolean readOnly) {}

  private final String id;
  private final List<MountNeed> mounts;
  private final String mainClass;

  JobCommand(String id, List<MountNeed> mounts, String mainClass) {
    this.id = id;
    this.mounts = List.copyOf(mounts);
    this.mainClass = mainClass;
  }

  /** The subcommand as the job definition's {@code command} and the runtime's command line name it. */
  public String id() {
    return id;
  }

  public List<MountNeed> mounts() {
    return mounts;
  }

  /** The class the image runs this command with; it gets the whole command line, {@link #id} first. */
  public String mainClass() {
    return mainClass;
  }

  public static Optional<JobCommand> fromId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
