package com.batchtrain.testsupport;

/**
 * One object-level operation that reached the S3Proxy blob store, in arrival order. Tests use
 * these to prove what happened on the server (how many downloads, which write came last) rather
 * than trusting the client's own account.
 */
public record BlobEvent(Kind kind, String bucket, String key) {
  public enum Kind {
    READ,
    /** An object became visible: a single PUT, or the completion of a multipart upload. */
    WRITE,
    /** One part of a multipart upload arrived (its key is the object's key). */
    PART,
    DELETE
  }
}
