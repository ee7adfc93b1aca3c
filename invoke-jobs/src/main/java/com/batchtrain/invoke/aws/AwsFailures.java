package com.batchtrain.invoke.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Sorts AWS failures into "try again later" and "cannot work as configured". */
final class AwsFailures {
  private AwsFailures() {}

  static RuntimeException translate(String what, SdkException e) {
    if (e instanceof AwsServiceException s && (s.isThrottlingException() || s.statusCode() >= 500)) {
      return new AwsTransientException(what + " failed, try again: " + s.awsErrorDetails().errorMessage(), e);
    }
    if (e instanceof AwsServiceException s) {
      return new BackendUnavailableException(what + " was refused: " + s.awsErrorDetails().errorMessage(), e);
    }
    if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
      return new BackendUnavailableException(what + ": no AWS credentials (set up a profile and pass --profile, or"
          + " use --backend local): " + e.getMessage(), e);
    }
    return new AwsTransientException(what + " failed, try again: " + e.getMessage(), e);
  }
}
