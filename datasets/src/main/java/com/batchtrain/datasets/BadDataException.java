package com.batchtrain.datasets;

/**
 * The dataset does not fit its declaration or is malformed: a missing column, a non-numeric or
 * non-finite value, a row with the wrong number of fields, bytes that are not UTF-8, an unknown
 * class label. The message starts with the file and line ({@code data.csv:8: ...}), the file and
 * record of a TFRecord, or the dataset location for what concerns the whole dataset, and says what
 * was expected. Exit code 65 ({@code ExitCode.BAD_DATA}) in the job and in the CLI.
 */
public class BadDataException extends RuntimeException {
  public BadDataException(String message) {
    super(message);
  }

  public BadDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
