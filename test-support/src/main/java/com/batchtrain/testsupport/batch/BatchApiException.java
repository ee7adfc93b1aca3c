package com.batchtrain.testsupport.batch;

/** An error the Batch (or CloudFormation) API returns: HTTP status, error code, message. */
final class BatchApiException extends RuntimeException {
  private final int status;
  private final String code;

  BatchApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** What Batch returns for a request it refuses: HTTP 400, ClientException. */
  static BatchApiException client(String message) {
    return new BatchApiException(400, "ClientException", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
