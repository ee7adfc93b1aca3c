package com.batchtrain.invoke.aws;

/** The stacks the CLI reads are not in this account and region (or under this prefix). */
public final class StackNotDeployedException extends BackendUnavailableException {
  public StackNotDeployedException(String message, Throwable cause) {
    super(message, cause);
  }
}
