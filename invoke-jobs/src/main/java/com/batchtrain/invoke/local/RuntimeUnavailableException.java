package com.batchtrain.invoke.local;

/**
 * The local backend cannot start the job runtime: it is not on this CLI's class path and
 * {@link TrialCommand#RUNTIME_CLASSPATH_ENV} names none that holds it (exit 69, unavailable).
 */
public class RuntimeUnavailableException extends RuntimeException {
  public RuntimeUnavailableException(String message) {
    super(message);
  }
}
