package com.batchtrain.infra;

import com.batchtrain.contract.InvalidValueException;

/**
 * A CDK context value (cdk.json {@code context} or {@code -c key=value}) or a CDK_DEFAULT_*
 * variable was rejected. {@link #field()} is the context key, so the user knows what to fix.
 */
public final class InvalidContextException extends InvalidValueException {
  public InvalidContextException(String key, String expected, Object actual) {
    super(key, expected, actual);
  }
}
