package com.batchtrain.storage;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a finished trial's local directory to {@link ResultsLayout#trial}: every file first,
 * then {@code manifest.json} listing them with size and sha256, last. Readers trust only the
 * manifest, so a crash mid-publish leaves a trial that reads as unfinished, never a wrong one.
 *
 * <p>Publishing again is idempotent: when the stored manifest already lists exactly these files
 * (same keys, sizes and digests) with the same hyperparameters and metrics, nothing is uploaded.
 * When the content differs, the old manifest is deleted before any object is overwritten (a
 * reader never pairs an old manifest with new bytes), and objects only the old manifest listed are
 * deleted after the new manifest is written.
 */
public final class TrialPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(TrialPublisher.class);

  private final ObjectStore store;
  private final ResultsLayout layout;
  private final Clock clock;

  public TrialPublisher(ObjectStore store, ResultsLayout layout) {
    this(store, layout, Clock.systemUTC());
  }

  public TrialPublisher(ObjectStore store, ResultsLayout layout, Clock clock) {
    this.store = store;
    this.layout = layout;
    this.clock = clock;
  }

  /**
   * Uploads every regular file below {@code trialDir} (except a local {@code manifest.json},
   * which is the publisher's to write) and then the manifest; returns the manifest in the store.
   */
  public Manifest publish(SweepId sweep, TrialId trial, Path trialDir,
      Map<String, Object> hyperparameters, Map<String, Double> metrics) {
    return publish(sweep, trial, trialDir, hyperparameters, metrics, null);
  }

  /**
   * As {@link #publish(SweepId, TrialId, Path, Map, Map)}, with a classifier's class names in index
   * order recorded in the manifest ({@code classNames}; null for none).
   */
  public Manifest publish(SweepId sweep, TrialId trial, Path trialDir,
      Map<String, Object> hyperparameters, Map<String, Double> metrics, List<String> classNames) {
    return publish(sweep, trial, trialDir, hyperparameters, metrics, classNames, null);
  }

  /** As above, for a trial early stopping ended ({@code pruned}; null for one that trained all its epochs). */
  public Manifest publish(SweepId sweep, TrialId trial, Path trialDir, Map<String, Object> hyperparameters,
      Map<String, Double> metrics, List<String> classNames, Manifest.Pruned pruned) {
    StorageUri prefix = layout.trial(sweep, trial);
    StorageUri manifestUri = layout.manifest(sweep, trial);
    List<Path> files = LocalFiles.regularFiles(trialDir).stream()
        .filter(f -> !LocalFiles.relativeKey(trialDir, f).equals(ResultsLayout.MANIFEST))
        .toList();
    List<Manifest.Entry> entries = new ArrayList<>();
    for (Path file : files) {
      entries.add(entryOf(trialDir, file));
    }

    Optional<Manifest> previous = new ManifestReader(store, layout).read(sweep, trial);
    if (previous.isPresent() && sameContent(previous.get(), entries, hyperparameters, metrics, classNames, pruned)) {
      LOG.info("trial {}/{} already published with the same {} files: nothing to do", sweep, trial, entries.size());
      return previous.get();
    }
    if (previous.isPresent()) {
      LOG.warn("trial {}/{} was published with different content: replacing it", sweep, trial);
      store.delete(manifestUri);
    }

    long bytes = 0;
    for (int i = 0; i < files.size(); i++) {
      store.upload(files.get(i), prefix.resolve(entries.get(i).path()));
      bytes += entries.get(i).size();
    }
    Manifest manifest = new Manifest(sweep.toString(), trial.toString(), clock.instant().toString(),
        hyperparameters, metrics, entries, classNames, pruned);
    store.write(manifestUri, manifest.toJson());
    LOG.info("published trial {}/{}: {} files, {} bytes, manifest {}", sweep, trial, entries.size(), bytes, manifestUri);

    previous.ifPresent(old -> deleteDropped(prefix, old, entries));
    return manifest;
  }

  /**
   * Writes {@code metrics} as {@code metrics/epoch-NNNN.json} of the trial, readable while the
   * trial runs (status, early stopping); not part of the manifest.
   */
  public StorageUri writeEpochMetrics(SweepId sweep, TrialId trial, int epoch, Map<String, ?> metrics) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    StorageUri uri = layout.epochMetrics(sweep, trial, epoch);
    try {
      store.write(uri, ContractJson.mapper().writeValueAsBytes(metrics));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metrics of epoch " + epoch + " are not JSON-serialisable", e);
    }
    return uri;
  }

  private static Manifest.Entry entryOf(Path trialDir, Path file) {
    try {
      return new Manifest.Entry(LocalFiles.relativeKey(trialDir, file), Files.size(file), Sha256.of(file));
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + " to publish it: " + e, e);
    }
  }

  private static boolean sameContent(Manifest previous, List<Manifest.Entry> entries,
      Map<String, Object> hyperparameters, Map<String, Double> metrics, List<String> classNames, Manifest.Pruned pruned) {
    // Compare through the same JSON round trip the stored manifest went through (numbers!).
    Manifest candidate = new Manifest(previous.sweepId(), previous.trialId(), previous.createdAt(),
        hyperparameters, metrics, entries, classNames, pruned);
    return Manifest.fromJson(candidate.toJson()).equals(previous);
  }

  private void deleteDropped(StorageUri prefix, Manifest old, List<Manifest.Entry> entries) {
    Set<String> kept = entries.stream().map(Manifest.Entry::path).collect(Collectors.toSet());
    for (Manifest.Entry entry : old.files()) {
      if (!kept.contains(entry.path())) {
        store.delete(prefix.resolve(entry.path()));
      }
    }
  }
}
