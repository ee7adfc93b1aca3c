package com.batchtrain.contract;

/**
 * The EFS volumes of a Batch job: each is one access point of the file system, mounted at a fixed
 * path that the runtime also accepts from an environment variable (so that the same program runs
 * outside Batch with local directories).
 */
public enum EfsVolume {
  /** The data cache: datasets staged once, read by every trial. */
  STATIC("static", EfsLayout.STATIC_MOUNT, EfsLayout.STATIC_ACCESS_POINT_PATH, JobEnv.CACHE_DIR, "755",
      "data cache"),
  /** Run directories: {@code /runs/<sweep>/<trial>} holds a trial's checkpoints across attempts. */
  RUNS("runs", EfsLayout.RUNS_MOUNT, EfsLayout.RUNS_ACCESS_POINT_PATH, JobEnv.CHECKPOINT_ROOT, "750",
      "checkpoint root");

  private final String volumeName;
  private final String mountPath;
  private final String accessPointPath;
  private final String variable;
  private final String permissions;
  private final String role;

  EfsVolume(String volumeName, String mountPath, String accessPointPath, String variable, String permissions,
      String role) {
    this.volumeName = volumeName;
    this.mountPath = mountPath;
    this.accessPointPath = accessPointPath;
    this.variable = variable;
    this.permissions = permissions;
    this.role = role;
  }

  /** The volume's name in a job definition ({@code volumes[].name}, {@code mountPoints[].sourceVolume}). */
  public String volumeName() {
    return volumeName;
  }

  /** Where a job container sees it. */
  public String mountPath() {
    return mountPath;
  }

  /** The access point's root directory on the file system. */
  public String accessPointPath() {
    return accessPointPath;
  }

  /** The contract variable naming the directory to the runtime (set to {@link #mountPath} on Batch). */
  public String variable() {
    return variable;
  }

  /** Mode of the access point's root directory when EFS creates it (owner {@link EfsLayout#JOB_UID}). */
  public String permissions() {
    return permissions;
  }

  /** What it is, in words, for messages. */
  public String role() {
    return role;
  }
}
