package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;

/**
 * The store refused the caller: S3 answered 403 (AccessDenied, AllAccessDisabled, a bucket policy,
 * a missing KMS grant, or a missing key without {@code s3:ListBucket}), or a local file system
 * answered EACCES/EPERM. A retry as the same principal gets the same answer, so this is a
 * configuration error (job role, bucket policy, file permissions), not a transient one.
 */
public class StorageAccessDeniedException extends StorageException {
  private final StorageUri uri;

  /**
   * @param operation what was attempted ("read", "upload /tmp/x to"), placed before the URI
   * @param detail what the store said (S3's error code and message, the file system's error)
   */
  public StorageAccessDeniedException(String operation, StorageUri uri, String detail, Throwable cause) {
    super("access denied: " + operation + " " + uri + ": " + detail
        + "; check the job role's permissions on it (IAM policy, bucket policy, KMS key) or, for a local path,"
        + " the file permissions of the user the job runs as", cause);
    this.uri = uri;
  }

  /** The object, prefix or path that was refused. */
  public StorageUri uri() {
    return uri;
  }
}
