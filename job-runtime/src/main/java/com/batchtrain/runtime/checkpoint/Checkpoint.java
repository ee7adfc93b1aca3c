package com.batchtrain.runtime.checkpoint;

import java.nio.file.Path;

/** A complete, verified checkpoint directory: the variables prefix and the state saved with it. */
public record Checkpoint(long step, Path dir, TrainingState state) {
  public static final String VARIABLES = "variables";
  public static final String STATE = "state.json";
  /** Written last, inside the temporary directory, before the rename: lists every file's size and sha256. */
  public static final String COMPLETE = "COMPLETE";

  public Path variablesPrefix() {
    return dir.resolve(VARIABLES);
  }

  public static String dirName(long step) {
    return String.format("%010d", step);
  }
}
