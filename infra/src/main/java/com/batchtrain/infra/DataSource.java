package com.batchtrain.infra;

/**
 * An S3 location outside the results bucket that the job roles may read datasets from (context key
 * {@value InfraConfig#DATA_SOURCES}). Parsed and checked by {@link InfraConfig}: the bucket is a
 * valid S3 bucket name, the prefix is empty (the whole bucket) or ends with '/', and neither holds a
 * wildcard, so {@link #objectPattern()} has exactly one '*', the trailing one.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix, empty or ending with '/'
 */
public record DataSource(String bucket, String prefix) {

  /** The normalized URI, {@code s3://bucket/prefix/} ({@code s3://bucket/} for a whole bucket). */
  public String uri() {
    return "s3://" + bucket + "/" + prefix;
  }

  /** Every key below the prefix, as IAM matches it (resource ARNs and {@code s3:prefix} conditions). */
  public String objectPattern() {
    return prefix + "*";
  }

  /** {@code arn:<partition>:s3:::bucket} */
  String bucketArn(String partition) {
    return "arn:" + partition + ":s3:::" + bucket;
  }

  /** {@code arn:<partition>:s3:::bucket/prefix*} */
  String objectsArn(String partition) {
    return bucketArn(partition) + "/" + objectPattern();
  }

  @Override
  public String toString() {
    return uri();
  }
}
