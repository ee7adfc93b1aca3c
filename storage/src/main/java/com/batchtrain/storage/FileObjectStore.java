package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Objects as files below {@code file:///} URIs. A write goes to a hidden temporary file in the
 * target's directory, is fsynced, then renamed over the target: rename within a directory is
 * atomic on POSIX file systems (EFS included), so readers never see a partial file.
 *
 * <p>Errors: a missing file is {@link ObjectNotFoundException}; a permission error (EACCES, EPERM) is
 * {@link StorageAccessDeniedException}; any other I/O error (EIO, stale NFS handle, full disk) is treated as
 * {@link StorageUnavailableException}, since on EFS it is usually the mount, not the request.
 */
public final class FileObjectStore implements ObjectStore {
  /** Suffix of in-flight temporary files; {@link #list} never reports them. */
  static final String PARTIAL_SUFFIX = ".bt-partial";

  @Override
  public byte[] read(StorageUri uri) {
    Path path = pathOf(uri);
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw failure("read", uri, e);
    }
  }

  @Override
  public Optional<byte[]> readIfExists(StorageUri uri) {
    try {
      return Optional.of(read(uri));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(StorageUri uri, byte[] bytes) {
    Path target = pathOf(uri);
    try {
      writeAtomically(target, out -> out.write(bytes));
    } catch (IOException e) {
      throw failure("write", uri, e);
    }
  }

  @Override
  public boolean createIfAbsent(StorageUri uri, byte[] bytes) {
    Path target = pathOf(uri);
    Path temp = null;
    try {
      if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + PARTIAL_SUFFIX);
      writeAtomically(temp, out -> out.write(bytes));
      // link(2) fails when the name exists: the check and the create are one step, unlike a rename.
      Files.createLink(target, temp);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw failure("write", uri, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a leftover partial file is skipped by listings
        }
      }
    }
  }

  @Override
  public void upload(Path file, StorageUri uri) {
    LocalFiles.requireRegularFile(file);
    copy(file, pathOf(uri), uri);
  }

  @Override
  public void download(StorageUri uri, Path file) {
    copy(pathOf(uri), file, uri);
  }

  @Override
  public void uploadDirectory(Path dir, StorageUri prefix) {
    StorageUri base = prefix.asDirectory();
    for (Path file : LocalFiles.regularFiles(dir)) {
      String relative = LocalFiles.relativeKey(dir, file);
      upload(file, child(base, relative));
    }
  }

  @Override
  public void downloadDirectory(StorageUri prefix, Path dir) {
    StorageUri base = prefix.asDirectory();
    for (StoredObject object : list(base)) {
      String relative = object.uri().key().substring(base.key().length());
      download(object.uri(), dir.resolve(relative));
    }
  }

  @Override
  public List<StoredObject> list(StorageUri prefix) {
    StorageUri base = prefix.asDirectory();
    Path dir = pathOf(base);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<StoredObject> objects = new ArrayList<>();
    for (Path file : LocalFiles.regularFiles(dir)) {
      String relative = LocalFiles.relativeKey(dir, file);
      try {
        objects.add(new StoredObject(child(base, relative), Files.size(file)));
      } catch (NoSuchFileException e) {
        // Deleted between the walk and the stat: it is no longer there to list.
      } catch (IOException e) {
        throw failure("list", base, e);
      }
    }
    objects.sort(Comparator.comparing(o -> o.uri().key()));
    return List.copyOf(objects);
  }

  @Override
  public List<String> folders(StorageUri prefix) {
    StorageUri base = prefix.asDirectory();
    Path dir = pathOf(base);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw failure("list", base, e);
    }
  }

  @Override
  public boolean exists(StorageUri uri) {
    return Files.isRegularFile(pathOf(uri));
  }

  @Override
  public Optional<StoredObject> stat(StorageUri uri) {
    Path path = pathOf(uri);
    try {
      return Files.isRegularFile(path) ? Optional.of(new StoredObject(uri, Files.size(path))) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("stat", uri, e);
    }
  }

  @Override
  public void delete(StorageUri uri) {
    try {
      Files.deleteIfExists(pathOf(uri));
    } catch (IOException e) {
      throw failure("delete", uri, e);
    }
  }

  @Override
  public void close() {
    // Holds no resources: every operation opens and closes its own files.
  }

  /** Writes through a temporary sibling, fsyncs it, and renames it over {@code target}. */
  static void writeAtomically(Path target, OutputWriter writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + PARTIAL_SUFFIX);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        writer.write(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes bytes to a stream that may throw. */
  @FunctionalInterface
  interface OutputWriter {
    void write(OutputStream out) throws IOException;
  }

  // The rename is durable only once the directory entry is on disk.
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse fsync on directories; the rename itself already happened.
    }
  }

  private void copy(Path from, Path to, StorageUri uri) {
    try (InputStream in = Files.newInputStream(from)) {
      writeAtomically(to, in::transferTo);
    } catch (IOException e) {
      throw failure("copy " + from + " to " + to + " for", uri, e);
    }
  }

  private static StorageUri child(StorageUri base, String relative) {
    return new StorageUri(StorageUri.Scheme.FILE, "", base.key() + relative);
  }

  private static Path pathOf(StorageUri uri) {
    if (uri.scheme() != StorageUri.Scheme.FILE) {
      throw new IllegalArgumentException("FileObjectStore handles file:// URIs, not " + uri);
    }
    return uri.toPath();
  }

  static StorageException failure(String operation, StorageUri uri, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new ObjectNotFoundException(uri, e);
    }
    if (isPermissionDenied(e)) {
      return new StorageAccessDeniedException(operation, uri, "permission denied (" + e.getMessage() + ")", e);
    }
    return new StorageUnavailableException(operation + " " + uri + ": " + e, e);
  }

  /**
   * EACCES arrives as {@link AccessDeniedException}; EPERM (e.g. a rename or chmod refused by the
   * file system, EFS's answer to a UID its access point does not allow) only as a
   * {@link java.nio.file.FileSystemException} whose reason is the strerror text.
   */
  static boolean isPermissionDenied(IOException e) {
    if (e instanceof AccessDeniedException) {
      return true;
    }
    return e instanceof java.nio.file.FileSystemException fs
        && "Operation not permitted".equals(fs.getReason());
  }
}
