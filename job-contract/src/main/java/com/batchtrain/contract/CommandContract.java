package com.batchtrain.contract;

import java.util.Locale;

/**
 * The contract between the harness and a command trainer (docs/job-contract.md, "Command
 * trainers"): the variables the command is started with, the metrics lines it appends, how it
 * announces a checkpoint, and how it reports a failure. The same on Batch and locally.
 */
public final class CommandContract {
  private CommandContract() {}

  /** A JSON object of the trial's hyperparameters with their types (numbers, strings, booleans, lists). */
  public static final String HYPERPARAMETERS_FILE = "BT_HYPERPARAMETERS_FILE";
  /** Prefix of one variable per hyperparameter: {@code learning_rate} is {@code BT_HP_LEARNING_RATE}. */
  public static final String HP_PREFIX = "BT_HP_";
  /** The staged dataset (a file or a directory), read-only. */
  public static final String DATA_PATH = "BT_DATA_PATH";
  /** Where the command writes each checkpoint, one subdirectory per checkpoint; on a retry it holds the newest announced one. */
  public static final String CHECKPOINT_DIR = "BT_CHECKPOINT_DIR";
  /** The newest announced checkpoint's directory when the harness restored one (a retry), else unset. */
  public static final String RESUME_FROM = "BT_RESUME_FROM";
  /** Files the command wants published with the trial (predictions, plots, a model export). */
  public static final String OUTPUT_DIR = "BT_OUTPUT_DIR";
  /** The JSON-lines file the command appends its metrics to; the harness tails it. */
  public static final String METRICS_FILE = "BT_METRICS_FILE";
  /** The trial's id ({@code t0007}), for the command's own logs. */
  public static final String TRIAL_ID = "BT_TRIAL_ID";
  /** Overrides {@link #STOP_GRACE_SECONDS}, for tests and for trainers that save slowly (at most {@link #MAX_STOP_GRACE_SECONDS}). */
  public static final String STOP_GRACE = "BT_STOP_GRACE_SECONDS";

  /** The metrics line member holding the epoch (an integer from 1). */
  public static final String EPOCH = "epoch";
  /** The metrics line member announcing a checkpoint: the name of its subdirectory of {@link #CHECKPOINT_DIR}. */
  public static final String CHECKPOINT = "checkpoint";
  /** A file the command may write into {@link #OUTPUT_DIR} before failing: its first {@link #FAILURE_FILE_BYTES} bytes are the reason. */
  public static final String FAILURE_FILE = "failure";
  public static final int FAILURE_FILE_BYTES = 1024;

  /**
   * From SIGTERM to SIGKILL of the command's processes: shorter than the 30 s Batch (ECS) leaves
   * between its SIGTERM and SIGKILL of the container, so the harness still exits 75 itself.
   */
  public static final int STOP_GRACE_SECONDS = 20;
  public static final int MAX_STOP_GRACE_SECONDS = 25;

  /** {@code learning_rate} -> {@code BT_HP_LEARNING_RATE}. */
  public static String hyperparameterVariable(String name) {
    if (!CommandTemplate.NAME.matcher(name).matches()) {
      throw new InvalidValueException("parameters." + name, "a name of lowercase letters, digits and _ (starting with a letter)", name);
    }
    return HP_PREFIX + name.toUpperCase(Locale.ROOT);
  }

  /** The grace period from {@link #STOP_GRACE} (seconds, 1..{@value #MAX_STOP_GRACE_SECONDS}), else the default. */
  public static int stopGraceSeconds(java.util.Map<String, String> env) {
    String text = env.get(STOP_GRACE);
    if (text == null) {
      return STOP_GRACE_SECONDS;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= MAX_STOP_GRACE_SECONDS) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidValueException(STOP_GRACE, "whole seconds in 1.." + MAX_STOP_GRACE_SECONDS, text);
  }
}
