package com.batchtrain.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The job runtime's commands that run as Batch jobs, and the EFS volumes each needs mounted: the
 * job definitions mount exactly these, and the image's entry script checks exactly these (through
 * the shell file {@link ContractShell} renders from this enum at build time).
 */
public enum JobCommand {
  /** A trial: reads the cache (never writes it, so no trial can corrupt another's data), keeps checkpoints in /runs. */
  TRAIN("train", List.of(new MountNeed(EfsVolume.STATIC, true), new MountNeed(EfsVolume.RUNS, false))),
  /** Dataset staging, before a sweep's trials: the one job that fills the cache; no checkpoints. */
  STAGE("stage", List.of(new MountNeed(EfsVolume.STATIC, false)));

  /** A volume a command needs, and whether it is mounted read-only. */
  public record MountNeed(EfsVolume volume, boolean readOnly) {}

  private final String id;
  private final List<MountNeed> mounts;

  JobCommand(String id, List<MountNeed> mounts) {
    this.id = id;
    this.mounts = List.copyOf(mounts);
  }

  /** The subcommand as the job definition's {@code command} and the runtime's command line name it. */
  public String id() {
    return id;
  }

  public List<MountNeed> mounts() {
    return mounts;
  }

  public static Optional<JobCommand> fromId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
