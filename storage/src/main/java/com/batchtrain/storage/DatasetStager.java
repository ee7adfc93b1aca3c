package com.batchtrain.storage;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a dataset (every object below a prefix, or one object) into a local cache directory
 * shared by the jobs of one file system (EFS on Batch), once.
 *
 * <p>Layout: {@code <cache>/<hash>-<name>/} holds the files under their relative keys, where
 * {@code hash} is the first 16 hex digits of the sha256 of the source URI and {@code name} its
 * last segment; {@code <cache>/<hash>-<name>.complete} (a {@link StagedDataset}) is written
 * last, and {@code <cache>/<hash>-<name>.lock} serialises stagers across processes.
 *
 * <p>Protocol: a dataset whose marker exists is returned without any lock, so trial jobs can read
 * a read-only cache. Otherwise the stager takes the lock, looks for the marker again (another job
 * may just have finished), deletes whatever a crashed stager left, downloads each file to a
 * temporary name, checks its size (and sha256 when a {@code SHA256SUMS} file in the dataset lists
 * it), fsyncs and renames it into place, and finally writes the marker.
 */
public final class DatasetStager {
  public static final String COMPLETE_SUFFIX = ".complete";
  public static final String LOCK_SUFFIX = ".lock";
  private static final String STAGING_SUFFIX = ".staging";
  private static final Logger LOG = LoggerFactory.getLogger(DatasetStager.class);

  private final ObjectStore store;
  private final Path cacheDir;
  private final Clock clock;

  public DatasetStager(ObjectStore store, Path cacheDir) {
    this(store, cacheDir, Clock.systemUTC());
  }

  public DatasetStager(ObjectStore store, Path cacheDir, Clock clock) {
    this.store = store;
    this.cacheDir = cacheDir.toAbsolutePath().normalize();
    this.clock = clock;
  }

  /** The directory {@code source} is (or would be) staged in. */
  public Path localDirectory(StorageUri source) {
    String hash = Sha256.of(source.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    String name = source.name().replaceAll("[^A-Za-z0-9._-]", "_");
    return cacheDir.resolve(hash + "-" + (name.isEmpty() || name.startsWith(".") ? "dataset" : name));
  }

  /** Whether {@code source} is completely staged. */
  public boolean isStaged(StorageUri source) {
    return Files.isRegularFile(markerOf(localDirectory(source)));
  }

  /**
   * Stages {@code source} unless it already is, and returns its local directory.
   *
   * @throws ObjectNotFoundException when there is no object at or below {@code source}
   * @throws DatasetIntegrityException when a file's size or sha256 does not match
   * @throws StorageUnavailableException when the store cannot be reached
   * @throws StorageAccessDeniedException when the store or the cache refuses access (403, EACCES)
   * @throws StorageException when the cache cannot be written (e.g. read-only and not staged)
   */
  public Path stage(StorageUri source) {
    Path dir = localDirectory(source);
    Path marker = markerOf(dir);
    if (Files.isRegularFile(marker)) {
      LOG.info("dataset {} already staged in {}", source, dir);
      return dir;
    }
    try {
      Files.createDirectories(cacheDir);
      try (StagingLock lock = StagingLock.acquire(siblingOf(dir, LOCK_SUFFIX))) {
        if (Files.isRegularFile(marker)) {
          LOG.info("dataset {} was staged in {} by another job", source, dir);
          return dir;
        }
        if (Files.exists(dir)) {
          LOG.warn("{} holds a partly staged dataset (no {} marker): restaging", dir, COMPLETE_SUFFIX);
          deleteTree(dir);
        }
        StagedDataset record = download(source, dir);
        FileObjectStore.writeAtomically(marker, out -> out.write(ContractJson.mapper().writeValueAsBytes(record)));
        return dir;
      }
    } catch (ReadOnlyFileSystemException e) {
      throw new StorageException("dataset " + source + " is not staged in " + dir
          + " and the cache is not writable here: stage it first (" + e + ")", e);
    } catch (IOException e) {
      // EACCES/EPERM on the cache is its owner or mode (or the EFS access point's UID), which a
      // retry on another host does not change; a read-only mount (EROFS, below) is where the
      // staging job is meant to run first.
      if (FileObjectStore.isPermissionDenied(e)) {
        throw new StorageAccessDeniedException("staging " + source + " into", StorageUri.ofPath(dir),
            "permission denied (" + e.getMessage() + ")", e);
      }
      if (e.getMessage() != null && e.getMessage().contains("Read-only file system")) {
        throw new StorageException("dataset " + source + " is not staged in " + dir
            + " and the cache is read-only here: stage it first", e);
      }
      throw new StorageUnavailableException("staging " + source + " into " + dir + ": " + e, e);
    }
  }

  private StagedDataset download(StorageUri source, Path dir) throws IOException {
    List<StoredObject> objects = objectsOf(source);
    StorageUri base = isSingleObject(source, objects) ? parentOf(source) : source.asDirectory();
    // The checksum file goes first so that every later file can be verified as it arrives.
    List<StoredObject> ordered = new ArrayList<>(objects);
    ordered.sort(Comparator.comparing((StoredObject o) -> !relativeKey(base, o).equals(ChecksumFile.NAME)));
    Optional<ChecksumFile> checksums = Optional.empty();

    long total = objects.stream().mapToLong(StoredObject::size).sum();
    LOG.info("staging {} ({} files, {} bytes) into {}", source, objects.size(), total, dir);
    long started = System.nanoTime();
    long done = 0;
    int verified = 0;
    Files.createDirectories(dir);
    for (StoredObject object : ordered) {
      String relative = relativeKey(base, object);
      Path target = dir.resolve(relative);
      Path temp = siblingOf(target, STAGING_SUFFIX);
      store.download(object.uri(), temp);
      long size = Files.size(temp);
      if (size != object.size()) {
        throw new DatasetIntegrityException(object.uri(),
            "expected " + object.size() + " bytes as listed, downloaded " + size);
      }
      if (relative.equals(ChecksumFile.NAME)) {
        ChecksumFile sums = ChecksumFile.parse(object.uri(), Files.readAllBytes(temp));
        requireListed(sums, base, objects);
        checksums = Optional.of(sums);
      }
      Optional<String> expected = checksums.flatMap(sums -> sums.sha256(relative));
      if (expected.isPresent()) {
        String actual = Sha256.of(temp);
        if (!actual.equals(expected.get())) {
          throw new DatasetIntegrityException(object.uri(),
              "sha256 " + actual + " does not match " + ChecksumFile.NAME + " (" + expected.get() + ")");
        }
        verified++;
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done += size;
      double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-9);
      LOG.info("staged {} ({} bytes): {}/{} bytes, {} MB/s", relative, size, done, total,
          String.format(Locale.ROOT, "%.1f", done / 1e6 / seconds));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    LOG.info("staged {} in {} s ({} of {} files sha256-verified)", source,
        String.format(Locale.ROOT, "%.2f", seconds), verified, objects.size());
    return new StagedDataset(source.toString(), objects.size(), done, verified, clock.instant().toString());
  }

  // A URI not ending in '/' names one object if there is one at exactly that key; otherwise it
  // is read as a prefix, as the contract writes dataset URIs both ways.
  private List<StoredObject> objectsOf(StorageUri source) {
    if (!source.key().isEmpty() && !source.key().endsWith("/")) {
      Optional<StoredObject> single = store.stat(source);
      if (single.isPresent()) {
        return List.of(single.get());
      }
    }
    List<StoredObject> objects = store.list(source.asDirectory());
    if (objects.isEmpty()) {
      throw new ObjectNotFoundException(source, null);
    }
    return objects;
  }

  private static boolean isSingleObject(StorageUri source, List<StoredObject> objects) {
    return objects.size() == 1 && objects.get(0).uri().equals(source);
  }

  private static StorageUri parentOf(StorageUri uri) {
    String key = uri.key();
    return new StorageUri(uri.scheme(), uri.bucket(), key.substring(0, key.lastIndexOf('/') + 1));
  }

  private static String relativeKey(StorageUri base, StoredObject object) {
    return object.uri().key().substring(base.key().length());
  }

  private static void requireListed(ChecksumFile sums, StorageUri base, List<StoredObject> objects) {
    List<String> present = objects.stream().map(o -> relativeKey(base, o)).toList();
    List<String> missing = new ArrayList<>(sums.sha256ByPath().keySet());
    missing.removeAll(present);
    if (!missing.isEmpty()) {
      throw new DatasetIntegrityException(base.resolve(ChecksumFile.NAME),
          "lists files that are not in the dataset: " + missing.stream().sorted().toList());
    }
  }

  private static Path markerOf(Path dir) {
    return siblingOf(dir, COMPLETE_SUFFIX);
  }

  private static Path siblingOf(Path path, String suffix) {
    return path.resolveSibling(path.getFileName() + suffix);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
