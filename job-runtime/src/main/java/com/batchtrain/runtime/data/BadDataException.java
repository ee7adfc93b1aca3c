package com.batchtrain.runtime.data;

/**
 * The runtime's bad-data failure, the type its exit-code mapping ({@code FailureExitCodes}) knows
 * as {@code ExitCode.BAD_DATA}: the datasets module's {@link com.batchtrain.datasets.BadDataException}
 * (CSV reading, columns, labels) arrives as one of these through {@link DatasetLoader}, so the
 * message (file, line, column, what was expected) is the same whichever module found the problem.
 */
public class BadDataException extends com.batchtrain.datasets.BadDataException {
  public BadDataException(String message) {
    super(message);
  }

  public BadDataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code e} as the runtime's type (itself when it already is one). */
  public static BadDataException of(com.batchtrain.datasets.BadDataException e) {
    return e instanceof BadDataException b ? b : new BadDataException(e.getMessage(), e);
  }
}
