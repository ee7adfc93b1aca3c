package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;

/** A read named an object or bucket that does not exist: a bad input, not retried. */
public class ObjectNotFoundException extends StorageException {
  private final StorageUri uri;

  public ObjectNotFoundException(StorageUri uri, Throwable cause) {
    super("not found: " + uri, cause);
    this.uri = uri;
  }

  public StorageUri uri() {
    return uri;
  }
}
