package com.batchtrain.testsupport.cloudformation;

/** A template the emulated account cannot create, with the stack and place that stopped it. */
public final class DeploymentException extends RuntimeException {
  public DeploymentException(String message) {
    super(message);
  }
}
