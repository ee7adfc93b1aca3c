package com.batchtrain.runtime.command;

import com.batchtrain.contract.ExitCode;

/**
 * The command trainer ended without a result: the exit code the harness exits with (its own 64, 65
 * or 75 pass through; any other failure is {@link ExitCode#FAILED}) and the reason its failure
 * record gives (the command's {@code failure} file when it wrote one).
 */
public final class TrainerExitException extends RuntimeException {
  private final ExitCode exitCode;

  public TrainerExitException(ExitCode exitCode, String reason) {
    super(reason);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
