package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Delegates every call; tests override single operations to observe or break them. */
class ForwardingObjectStore implements ObjectStore {
  final ObjectStore delegate;

  ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  @Override public byte[] read(StorageUri uri) { return delegate.read(uri); }
  @Override public Optional<byte[]> readIfExists(StorageUri uri) { return delegate.readIfExists(uri); }
  @Override public void write(StorageUri uri, byte[] bytes) { delegate.write(uri, bytes); }
  @Override public boolean createIfAbsent(StorageUri uri, byte[] bytes) { return delegate.createIfAbsent(uri, bytes); }
  @Override public void upload(Path file, StorageUri uri) { delegate.upload(file, uri); }
  @Override public void download(StorageUri uri, Path file) { delegate.download(uri, file); }
  @Override public void uploadDirectory(Path dir, StorageUri prefix) { delegate.uploadDirectory(dir, prefix); }
  @Override public void downloadDirectory(StorageUri prefix, Path dir) { delegate.downloadDirectory(prefix, dir); }
  @Override public List<StoredObject> list(StorageUri prefix) { return delegate.list(prefix); }
  @Override public List<String> folders(StorageUri prefix) { return delegate.folders(prefix); }
  @Override public boolean exists(StorageUri uri) { return delegate.exists(uri); }
  @Override public Optional<StoredObject> stat(StorageUri uri) { return delegate.stat(uri); }
  @Override public void delete(StorageUri uri) { delegate.delete(uri); }
  @Override public void close() { delegate.close(); }
}
