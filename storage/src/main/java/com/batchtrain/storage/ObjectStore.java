package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Objects under {@code s3://} or {@code file://} URIs, with the same keys in both. Every write is
 * atomic per object: a reader sees the old object, the new one, or none, never a partial one.
 *
 * <p>Failures: {@link ObjectNotFoundException} when a read names a missing object (bad input),
 * {@link StorageUnavailableException} when the store cannot be reached or throttles (transient),
 * {@link StorageException} otherwise.
 */
public interface ObjectStore extends AutoCloseable {

  byte[] read(StorageUri uri);

  Optional<byte[]> readIfExists(StorageUri uri);

  void write(StorageUri uri, byte[] bytes);

  /**
   * Writes {@code bytes} at {@code uri} only if no object is there: true when this call created it,
   * false when one existed (it is left as it was). Atomic against another writer of the same key:
   * on S3 a conditional PutObject ({@code If-None-Match: *}, 412 when the key exists), on files a
   * hard link, which fails when the name exists. A store that ignores the condition still refuses a
   * key that exists before the write.
   */
  boolean createIfAbsent(StorageUri uri, byte[] bytes);

  void upload(Path file, StorageUri uri);

  void download(StorageUri uri, Path file);

  /** Uploads every regular file below {@code dir}, keyed by its path relative to {@code dir}. */
  void uploadDirectory(Path dir, StorageUri prefix);

  /** Downloads every object below {@code prefix} into {@code dir}, keyed by its relative key. */
  void downloadDirectory(StorageUri prefix, Path dir);

  /** Every object below {@code prefix} (recursive), sorted by key. */
  List<StoredObject> list(StorageUri prefix);

  /**
   * The names of the "folders" directly below {@code prefix} (its keys' next segments that have more
   * segments after them: {@code sweeps/} gives each sweep's id), sorted; one listing with a delimiter
   * on S3, however many objects lie below.
   */
  List<String> folders(StorageUri prefix);

  boolean exists(StorageUri uri);

  /** The object at exactly {@code uri} with its size, or empty when there is none. */
  Optional<StoredObject> stat(StorageUri uri);

  void delete(StorageUri uri);

  @Override
  void close();
}
