package com.batchtrain.invoke.cli;

/** Exit codes of the CLI (sysexits-style, aligned with the job contract's codes). */
public enum CliExit {
  OK(0),
  /** The command worked, but some trials did not succeed. */
  TRIALS_UNFINISHED(1),
  BAD_INPUT(64),
  /** The dataset does not fit the sweep's model (found by the check before any trial starts). */
  BAD_DATA(65),
  UNAVAILABLE(69),
  INTERNAL(70),
  TRANSIENT(75);

  private final int code;

  CliExit(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
