package com.batchtrain.invoke.aws;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.StorageUri;
import java.util.List;

/**
 * The S3 prefixes the stack's job roles may read datasets from (its ReadableDataPrefixes output:
 * data/ of the results bucket and the {@code dataSources} of the deployment). A sweep whose data lies
 * elsewhere would queue, then fail in its first job with S3 403; it is refused before anything is
 * written or submitted.
 */
public final class ReadablePrefixes {
  private ReadablePrefixes() {}

  /** Accepts an {@code s3://} dataset under one of {@code prefixes}; other schemes are not S3's to refuse. */
  public static void check(StorageUri data, List<StorageUri> prefixes) {
    if (!data.isS3()) {
      return;
    }
    for (StorageUri p : prefixes) {
      if (p.bucket().equals(data.bucket()) && data.key().startsWith(p.key())) {
        return;
      }
    }
    throw new InvalidValueException("data", "an s3:// dataset the job roles can read, under one of "
        + prefixes.stream().map(StorageUri::toString).toList() + " (copy it there, or grant its prefix with"
        + " cdk deploy -c dataSources=s3://bucket/prefix/, see docs/infrastructure.md)", data.toString());
  }
}
