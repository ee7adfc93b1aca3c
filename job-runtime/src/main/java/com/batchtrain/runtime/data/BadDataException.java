package com.batchtrain.runtime.data;

/**
 * The dataset is malformed: a missing column, a non-numeric or non-finite value, a corrupt record.
 * The message names the file, and the line (or record) and column where that applies. Maps to
 * {@code ExitCode.BAD_DATA}.
 */
public class BadDataException extends RuntimeException {
  public BadDataException(String message) {
    super(message);
  }

  public BadDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
