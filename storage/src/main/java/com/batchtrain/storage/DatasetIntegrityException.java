package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;

/**
 * An object's bytes do not match what the dataset or manifest says (size or sha256), or a
 * checksum file names an object that is not there: bad data, not a transient failure.
 */
public class DatasetIntegrityException extends StorageException {
  private final StorageUri uri;

  public DatasetIntegrityException(StorageUri uri, String problem) {
    super(uri + ": " + problem);
    this.uri = uri;
  }

  public StorageUri uri() {
    return uri;
  }
}
