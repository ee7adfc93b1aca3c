package com.batchtrain.runtime.staging;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.runtime.data.BadDataException;
import com.batchtrain.storage.DatasetStager;
import com.batchtrain.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of datasets: {@code file://} datasets are read in place, {@code s3://} ones are staged
 * by the storage module's {@link DatasetStager} into the shared cache directory ({@code /static} on
 * Batch, filled by the {@code stage} job and mounted read-only in trial jobs).
 */
public final class DatasetCache {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetCache.class);

  private final ObjectStore store;
  private final Path cacheDir;

  /** {@code store} reads the dataset's scheme. */
  public DatasetCache(ObjectStore store, Path cacheDir) {
    this.store = store;
    this.cacheDir = cacheDir;
  }

  /**
   * Stages {@code source} into the shared cache (the {@code stage} command). No fallback: filling the
   * shared cache is the point, so a cache that cannot be written fails (a storage failure, exit 75).
   */
  public Path stage(StorageUri source) {
    if (!source.isS3()) {
      Path local = source.toPath();
      if (!Files.exists(local)) {
        throw new BadDataException(local + ": no such dataset file or directory");
      }
      LOG.info("{} is read in place by train: nothing to stage", source);
      return local;
    }
    return new DatasetStager(store, cacheDir).stage(source);
  }

  /**
   * The dataset for a trial: in place, already staged in the shared cache (read without writing, so a
   * read-only cache works), staged into the shared cache when it can be written, or else staged into
   * a per-job temporary cache, so a trial whose stage job did not run still trains.
   */
  public TrainingData forTraining(StorageUri source) {
    if (!source.isS3()) {
      // The loader reports a missing file:// dataset with the same message as any other.
      return new TrainingData(source.toPath(), Optional.empty());
    }
    DatasetStager shared = new DatasetStager(store, cacheDir);
    if (shared.isStaged(source) || CacheDirectory.isWritable(cacheDir)) {
      return new TrainingData(shared.stage(source), Optional.empty());
    }
    Path temporary = temporaryCache();
    LOG.warn("dataset {} is not staged in the cache {} and that directory is not writable here (run the stage "
        + "command first to share one copy): staging it into the temporary per-job cache {}", source, cacheDir, temporary);
    return new TrainingData(new DatasetStager(store, temporary).stage(source), Optional.of(temporary));
  }

  private static Path temporaryCache() {
    try {
      return Files.createTempDirectory("batchtrain-cache-");
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary dataset cache", e);
    }
  }
}
