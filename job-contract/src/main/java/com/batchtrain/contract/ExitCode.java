package com.batchtrain.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Exit codes of a trial job. The Batch retry strategy and the local backend both retry only
 * {@link #TRANSIENT}; see docs/job-contract.md.
 */
public enum ExitCode {
  SUCCESS(0, false),
  /**
   * A command trainer failed: it exited with a code the contract does not give a meaning (its own
   * code and reason are in the failure record), was killed, or never reported the objective.
   */
  FAILED(1, false),
  BAD_INPUT(64, false),
  BAD_DATA(65, false),
  INTERNAL_ERROR(70, false),
  TRANSIENT(75, true);

  private final int code;
  private final boolean retryable;

  ExitCode(int code, boolean retryable) {
    this.code = code;
    this.retryable = retryable;
  }

  public int code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  public static Optional<ExitCode> fromCode(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }

  /** The status-reason pattern Batch reports when a spot instance is reclaimed. */
  public static final String SPOT_RECLAIM_STATUS_REASON = "Host EC2*";
}
