package com.batchtrain.invoke.aws;

/** The AWS backend cannot be used: a stack or output is missing, or AWS refused or could not be reached. */
public class BackendUnavailableException extends RuntimeException {
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public BackendUnavailableException(String message) {
    super(message);
  }
}
