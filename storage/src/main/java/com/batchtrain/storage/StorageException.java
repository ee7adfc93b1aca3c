package com.batchtrain.storage;

/** A storage operation failed for a reason that is neither "not found" nor transient. */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
