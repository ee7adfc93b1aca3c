package com.batchtrain.invoke.aws;

/** AWS throttled, failed on its side or could not be reached: worth trying again later. */
public class AwsTransientException extends RuntimeException {
  public AwsTransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
