package com.batchtrain.invoke.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the SDK throws on a first contact with AWS into one line that says what to set or
 * run: "cannot work as configured" (no region, no or expired or unknown credentials, access
 * denied: {@link BackendUnavailableException}, exit 69) or "try again" (throttled, AWS-side errors,
 * the endpoint unreachable: {@link AwsTransientException}, exit 75). The SDK's own messages are kept
 * only where they add the detail (the denied action).
 */
public final class AwsFailures {
  private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
      "TokenRefreshRequired");
  private static final Set<String> UNRECOGNIZED = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
      "SignatureDoesNotMatch", "InvalidSignatureException", "IncompleteSignature");
  private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
      "AuthorizationError");
  static final String CREDENTIALS_HELP = "run `aws configure` (or `aws sso login --profile P`) and pass --profile P,"
      + " or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; --backend local needs no AWS account";

  private AwsFailures() {}

  /** Runs {@code call}, translating what the SDK throws; {@code what} names the call ("DescribeStacks BatchTrain-Batch"). */
  public static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(what, e);
    }
  }

  public static RuntimeException translate(String what, SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null ? ""
          : s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      if (EXPIRED.contains(code)) {
        return new BackendUnavailableException(what + ": the AWS credentials have expired: refresh them ("
            + "`aws sso login --profile P`, or new keys) and try again", e);
      }
      if (UNRECOGNIZED.contains(code)) {
        return new BackendUnavailableException(what + ": AWS does not recognize these credentials (" + code + "): "
            + CREDENTIALS_HELP, e);
      }
      if (DENIED.contains(code)) {
        return new BackendUnavailableException(what + " was refused (access denied): the caller needs the permissions"
            + " listed in docs/invoke-jobs.md (\"IAM permissions of the CLI\"); AWS said: " + message, e);
      }
      if (s.isThrottlingException() || s.statusCode() >= 500) {
        return new AwsTransientException(what + " failed on the AWS side, try again: " + message, e);
      }
      return new BackendUnavailableException(what + " was refused: " + message, e);
    }
    String text = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (text.contains("unable to load region") || text.contains("no region")) {
      return new BackendUnavailableException(what + ": no AWS region: pass --region R, set AWS_REGION, or give the"
          + " profile a region (aws configure)", e);
    }
    if (text.contains("unable to load credentials") || text.contains("credentials")) {
      return new BackendUnavailableException(what + ": no AWS credentials: " + CREDENTIALS_HELP, e);
    }
    if (e instanceof ApiCallTimeoutException || unreachable(e)) {
      return new AwsTransientException(what + ": cannot reach AWS (" + rootMessage(e) + "): check the network, VPN"
          + " or proxy, and --aws-endpoint if set; then try again", e);
    }
    if (e instanceof SdkClientException) {
      return new AwsTransientException(what + " failed, try again: " + rootMessage(e), e);
    }
    return new AwsTransientException(what + " failed, try again: " + e.getMessage(), e);
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
