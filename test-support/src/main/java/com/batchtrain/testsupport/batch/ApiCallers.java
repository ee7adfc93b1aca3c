package com.batchtrain.testsupport.batch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call the emulated account's APIs, by the access key id in a request's SigV4
 * Authorization header: valid keys are served; an expired or a refused key gets the error AWS
 * returns for it; any other key is unrecognized. Signatures are not verified.
 */
final class ApiCallers {
  /** What the account does with a caller's key. */
  enum Standing { VALID, EXPIRED, DENIED }

  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/]+)/");
  private final Map<String, Standing> keys = new ConcurrentHashMap<>();

  void put(String accessKeyId, Standing standing) {
    keys.put(accessKeyId, standing);
  }

  /**
   * Checks the caller; throws what the service answers to a refused one. {@code query} selects the
   * error codes of the query protocol (CloudFormation) over those of JSON services (Batch).
   */
  void check(Optional<String> authorization, boolean query) {
    Matcher m = CREDENTIAL.matcher(authorization.orElse(""));
    if (!m.find()) {
      throw new BatchApiException(403, query ? "MissingAuthenticationToken" : "MissingAuthenticationTokenException",
          "Missing Authentication Token");
    }
    Standing standing = keys.get(m.group(1));
    if (standing == null) {
      throw new BatchApiException(403, query ? "InvalidClientTokenId" : "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
    switch (standing) {
      case EXPIRED -> throw new BatchApiException(403, query ? "ExpiredToken" : "ExpiredTokenException",
          "The security token included in the request is expired");
      case DENIED -> throw new BatchApiException(query ? 403 : 400, query ? "AccessDenied" : "AccessDeniedException",
          "the caller is not authorized to perform this operation");
      default -> { }
    }
  }
}
