package com.batchtrain.contract;

/** Where the EFS access points are mounted in a Batch job container. */
public final class EfsLayout {
  private EfsLayout() {}

  /** Data cache, mounted read-only in trial jobs. */
  public static final String STATIC_MOUNT = "/static";
  /** Run directories: {@code /runs/<sweep>/<trial>} holds a trial's checkpoints. */
  public static final String RUNS_MOUNT = "/runs";
  /** Root directory of each access point on the file system. */
  public static final String STATIC_ACCESS_POINT_PATH = "/static";
  public static final String RUNS_ACCESS_POINT_PATH = "/runs";
  /** POSIX identity the job container runs as and owns the access point roots. */
  public static final int JOB_UID = 1000;
  public static final int JOB_GID = 1000;
}
