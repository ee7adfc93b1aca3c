package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Turns SDK failures into the storage exception types, so that callers map them to exit codes
 * without knowing the SDK: "not found" is a bad input; 403 is {@link StorageAccessDeniedException}
 * (a configuration error); unreachable, timed out, throttled or 5xx is transient; anything else
 * (400) is a plain {@link StorageException}.
 */
final class S3Failures {
  /** Without aws-crt on the class path no CRT exception can occur, and its class cannot be named. */
  private static final boolean CRT = S3ObjectStore.crtAvailable();

  private S3Failures() {}

  static StorageException translate(String operation, StorageUri uri, Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof StorageException storage) {
      return storage;
    }
    String what = operation + " " + uri;
    if (t instanceof NoSuchKeyException || t instanceof NoSuchBucketException) {
      return new ObjectNotFoundException(uri, t);
    }
    if (t instanceof AwsServiceException service) {
      int status = service.statusCode();
      if (status == 404) {
        return new ObjectNotFoundException(uri, t);
      }
      String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      // 403 RequestTimeTooSkewed is this host's clock, not the role: another host may succeed.
      if ("RequestTimeTooSkewed".equals(code)) {
        return new StorageUnavailableException(what + ": S3 answered " + status + " " + code
            + " (this host's clock is off)", t);
      }
      // 403 InvalidObjectState is an archived object (Glacier), not a permission; it stays generic.
      if ((status == 403 && !"InvalidObjectState".equals(code)) || isAccessDeniedCode(code)) {
        return new StorageAccessDeniedException(operation, uri, "S3 answered " + status + " "
            + errorText(service), t);
      }
      if (status == 429 || status >= 500 || service.isThrottlingException()) {
        return new StorageUnavailableException(what + ": S3 answered " + status + " "
            + service.awsErrorDetails().errorCode(), t);
      }
      return new StorageException(what + ": S3 answered " + status + " "
          + service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage(), t);
    }
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return new StorageUnavailableException(what + ": timed out (" + t.getMessage() + ")", t);
    }
    if (t instanceof SdkClientException && isCrtServerBusy(t)) {
      return new StorageUnavailableException(what + ": S3 is throttling or failing (" + t.getMessage() + ")", t);
    }
    if (t instanceof SdkClientException && isNetworkFailure(t)) {
      return new StorageUnavailableException(what + ": S3 unreachable (" + t.getMessage() + ")", t);
    }
    if (t instanceof IOException) {
      return new StorageUnavailableException(what + ": " + t, t);
    }
    return new StorageException(what + ": " + t, t);
  }

  // Some S3-compatible stores (and S3 for AllAccessDisabled on old buckets) are matched by code,
  // not only by status, so a proxy that rewrites the status still lands here.
  private static boolean isAccessDeniedCode(String code) {
    return "AccessDenied".equals(code) || "AllAccessDisabled".equals(code);
  }

  // A HEAD answer has no body, so there is no code or message to quote.
  private static String errorText(AwsServiceException service) {
    if (service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null) {
      return "(no error document)";
    }
    String message = service.awsErrorDetails().errorMessage();
    return service.awsErrorDetails().errorCode() + (message == null ? "" : ": " + message);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  // The CRT client reports 503 SlowDown and 500 as client exceptions named by its native error
  // text (AWS_ERROR_S3_SLOW_DOWN: "Response code indicates throttling", AWS_ERROR_S3_INTERNAL_ERROR:
  // "Response code indicates internal server error"), after its own retries.
  private static boolean isCrtServerBusy(Throwable t) {
    String message = String.valueOf(t.getMessage());
    return message.contains("Response code indicates throttling")
        || message.contains("Response code indicates internal server error");
  }

  // The Java clients wrap java.io exceptions; the CRT client reports native error names such as
  // AWS_IO_SOCKET_CONNECTION_REFUSED or AWS_IO_SOCKET_TIMEOUT.
  private static boolean isNetworkFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
      if (CRT && CrtErrors.isNetworkError(c)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return isNetworkErrorName(String.valueOf(t.getMessage()));
  }

  /** Names the CRT's exception type: loaded only when aws-crt is on the class path. */
  private static final class CrtErrors {
    static boolean isNetworkError(Throwable t) {
      return t instanceof CrtRuntimeException crt && isNetworkErrorName(crt.errorName);
    }
  }

  private static boolean isNetworkErrorName(String text) {
    String upper = String.valueOf(text).toUpperCase(Locale.ROOT);
    return upper.contains("AWS_IO_") || upper.contains("AWS_ERROR_HTTP_CONNECTION")
        || upper.contains("SOCKET") || upper.contains("TIMEOUT") || upper.contains("TIMED OUT")
        || upper.contains("CONNECTION REFUSED") || upper.contains("DNS");
  }
}
