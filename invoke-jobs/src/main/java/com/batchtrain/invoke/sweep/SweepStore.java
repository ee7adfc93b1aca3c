package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A sweep's documents in the results store, at the keys of {@link ResultsLayout}. */
public final class SweepStore {
  private final ObjectStore store;
  private final ResultsLayout layout;

  public SweepStore(ObjectStore store, ResultsLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  public ObjectStore objects() {
    return store;
  }

  public ResultsLayout layout() {
    return layout;
  }

  public void writeTrials(TrialsFile trials) {
    store.write(layout.trialsFile(SweepId.of(trials.sweepId())), trials.toJson());
  }

  public TrialsFile readTrials(SweepId sweep) {
    return TrialsFile.fromJson(store.read(layout.trialsFile(sweep)));
  }

  public void writeRecord(SweepRecord record) {
    store.write(layout.sweepRecord(record.id()), record.toJson());
  }

  /** Keeps the price table file a sweep was started with (its text as the user wrote it). */
  public void writePrices(SweepId sweep, String json) {
    store.write(layout.prices(sweep), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The price table file the sweep was started with, if one was given. */
  public Optional<String> readPrices(SweepId sweep) {
    return store.readIfExists(layout.prices(sweep)).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
  }

  public SweepRecord readRecord(SweepId sweep) {
    StorageUri uri = layout.sweepRecord(sweep);
    return SweepRecord.fromJson(store.readIfExists(uri).orElseThrow(() -> new InvalidValueException("sweep",
        "a sweep in the results store " + layout.root() + " (no " + uri + ")", sweep.value())));
  }

  public Optional<Manifest> manifest(SweepId sweep, TrialId trial) {
    return store.readIfExists(layout.manifest(sweep, trial)).map(Manifest::fromJson);
  }

  /** What each trial has published so far, from one listing of the sweep's trials prefix. */
  public Map<TrialId, Published> published(SweepId sweep) {
    return published(layout.sweep(sweep).resolve("trials/"), store.list(layout.sweep(sweep).resolve("trials/")));
  }

  /**
   * What {@code trials} have published, one listing of each trial's own prefix: for a driver, which
   * looks at the few trials in flight of a sweep that may have published thousands of objects.
   */
  public Map<TrialId, Published> published(SweepId sweep, java.util.Collection<TrialId> trials) {
    StorageUri prefix = layout.sweep(sweep).resolve("trials/");
    List<StoredObject> objects = new ArrayList<>();
    for (TrialId t : trials) {
      objects.addAll(store.list(layout.trial(sweep, t).asDirectory()));
    }
    return published(prefix, objects);
  }

  private static Map<TrialId, Published> published(StorageUri prefix, List<StoredObject> objects) {
    Map<TrialId, Published> out = new HashMap<>();
    for (StoredObject o : objects) {
      String rel = o.uri().key().substring(prefix.key().length());
      int slash = rel.indexOf('/');
      if (slash < 0) {
        continue;
      }
      TrialId trial;
      try {
        trial = TrialId.of(rel.substring(0, slash));
      } catch (InvalidValueException notATrial) {
        continue;
      }
      String key = rel.substring(slash + 1);
      Published p = out.getOrDefault(trial, new Published(false, 0));
      if (key.equals(ResultsLayout.MANIFEST)) {
        p = new Published(true, p.epochs(), p.failures());
      } else if (key.startsWith("metrics/epoch-")) {
        p = new Published(p.manifest(), p.epochs() + 1, p.failures());
      } else if (FAILURE_RECORD.matcher(key).matches()) {
        List<StorageUri> failures = new ArrayList<>(p.failures());
        failures.add(o.uri());
        p = new Published(p.manifest(), p.epochs(), failures);
      }
      out.put(trial, p);
    }
    return out;
  }

  /**
   * @param epochs intermediate per-epoch metrics files found
   * @param failures the trial's failure records ({@link ResultsLayout#trialFailure}), one per failed attempt
   */
  public record Published(boolean manifest, int epochs, List<StorageUri> failures) {
    public Published {
      failures = List.copyOf(failures);
    }

    public Published(boolean manifest, int epochs) {
      this(manifest, epochs, List.of());
    }
  }

  private static final Pattern FAILURE_RECORD = Pattern.compile(
      Pattern.quote(ResultsLayout.FAILURES_DIR) + "attempt-\\d{3,}\\.json");
  /** Reads in flight at once, as for the epoch files: polite to S3, not minutes for a large sweep. */
  private static final int PARALLEL_READS = 8;

  /**
   * The newest record (by its time, then attempt) of each trial among {@code records}; a record
   * that cannot be parsed, or that names another sweep or trial, is left out.
   */
  public Map<TrialId, FailureRecord> latestFailures(SweepId sweep, Map<TrialId, List<StorageUri>> records) {
    List<Map.Entry<TrialId, StorageUri>> all = new ArrayList<>();
    records.forEach((trial, uris) -> uris.forEach(u -> all.add(Map.entry(trial, u))));
    List<Optional<FailureRecord>> read = readRecords(all.stream().map(Map.Entry::getValue).toList());
    Map<TrialId, FailureRecord> out = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      TrialId trial = all.get(i).getKey();
      read.get(i).filter(r -> r.sweepId().equals(sweep.value()) && trial.value().equals(r.trialId()))
          .ifPresent(r -> out.merge(trial, r, SweepStore::newer));
    }
    return out;
  }

  /** The newest record of the sweep's dataset staging job: one listing, then its records. */
  public Optional<FailureRecord> latestStageFailure(SweepId sweep) {
    List<StorageUri> uris = store.list(layout.stageFailures(sweep)).stream().map(StoredObject::uri)
        .filter(u -> u.key().endsWith(".json")).toList();
    return readRecords(uris).stream().flatMap(Optional::stream)
        .filter(r -> r.stage() && r.sweepId().equals(sweep.value())).reduce(SweepStore::newer);
  }

  private static FailureRecord newer(FailureRecord a, FailureRecord b) {
    int byTime = a.instant().compareTo(b.instant());
    return byTime != 0 ? (byTime > 0 ? a : b) : (a.attempt() >= b.attempt() ? a : b);
  }

  /**
   * How early stopping ended each of {@code trials} (trials with a manifest): one read of each
   * manifest, {@value #PARALLEL_READS} at a time. A trial whose manifest has no {@code pruned} (it
   * trained all its epochs), vanished or cannot be parsed is left out.
   */
  public Map<TrialId, Manifest.Pruned> pruned(SweepId sweep, List<TrialId> trials) {
    List<Optional<Manifest>> read = readAll(trials.stream().map(t -> layout.manifest(sweep, t)).toList(), "manifests",
        uri -> {
          try {
            return store.readIfExists(uri).map(Manifest::fromJson);
          } catch (InvalidValueException malformed) {
            return Optional.empty();
          }
        });
    Map<TrialId, Manifest.Pruned> out = new HashMap<>();
    for (int i = 0; i < trials.size(); i++) {
      TrialId trial = trials.get(i);
      read.get(i).filter(m -> m.pruned() != null).ifPresent(m -> out.put(trial, m.pruned()));
    }
    return out;
  }

  private List<Optional<FailureRecord>> readRecords(List<StorageUri> uris) {
    return readAll(uris, "failure records", this::readRecord);
  }

  /** Reads {@code uris} with {@code reader}, in order, {@value #PARALLEL_READS} at a time; {@code what} names them in messages. */
  private static <T> List<Optional<T>> readAll(List<StorageUri> uris, String what,
      java.util.function.Function<StorageUri, Optional<T>> reader) {
    return ParallelReads.readAll(uris, PARALLEL_READS, what, reader);
  }

  /** A record, or empty when it vanished or is not a valid record (another tool's file, a newer format). */
  private Optional<FailureRecord> readRecord(StorageUri uri) {
    try {
      return store.readIfExists(uri).map(FailureRecord::fromJson);
    } catch (InvalidValueException malformed) {
      return Optional.empty();
    }
  }
}
