package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import java.util.Map;

/** Opens the store that serves a URI's scheme. */
public final class ObjectStores {
  private ObjectStores() {}

  /** A store for {@code uri}'s scheme; {@code settings} matter only for s3:// URIs. */
  public static ObjectStore open(StorageUri uri, S3Settings settings) {
    return switch (uri.scheme()) {
      case S3 -> new S3ObjectStore(settings);
      case FILE -> new FileObjectStore();
    };
  }

  /** As {@link #open(StorageUri, S3Settings)}, with settings from the job contract's variables. */
  public static ObjectStore open(StorageUri uri, Map<String, String> environment) {
    return uri.isS3() ? new S3ObjectStore(S3Settings.fromEnvironment(environment)) : new FileObjectStore();
  }
}
