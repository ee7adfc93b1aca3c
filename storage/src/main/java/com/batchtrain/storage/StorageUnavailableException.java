package com.batchtrain.storage;

/** The store could not be reached, timed out or throttled: transient, worth a retry. */
public class StorageUnavailableException extends StorageException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
