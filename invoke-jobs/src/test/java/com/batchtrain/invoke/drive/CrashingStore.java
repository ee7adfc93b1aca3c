package com.batchtrain.invoke.drive;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A results store that kills its caller at the n-th write of one key: the driver dies mid-step. */
final class CrashingStore implements ObjectStore {
  private final ObjectStore delegate;
  private StorageUri crashKey;
  private int writesLeft;

  CrashingStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  /** The {@code nth} write of {@code uri} from now on throws (null: none). */
  void crashOnWrite(StorageUri uri, int nth) {
    crashKey = uri;
    writesLeft = nth;
  }

  @Override
  public void write(StorageUri uri, byte[] bytes) {
    if (uri.equals(crashKey) && --writesLeft == 0) {
      crashKey = null;
      throw new FakeBackend.Crash("before writing " + uri);
    }
    delegate.write(uri, bytes);
  }

  @Override public byte[] read(StorageUri uri) { return delegate.read(uri); }
  @Override public Optional<byte[]> readIfExists(StorageUri uri) { return delegate.readIfExists(uri); }
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
