package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
    StorageUri prefix = layout.sweep(sweep).resolve("trials/");
    Map<TrialId, Published> out = new HashMap<>();
    for (StoredObject o : store.list(prefix)) {
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
        p = new Published(true, p.epochs());
      } else if (key.startsWith("metrics/epoch-")) {
        p = new Published(p.manifest(), p.epochs() + 1);
      }
      out.put(trial, p);
    }
    return out;
  }

  /** @param epochs intermediate per-epoch metrics files found */
  public record Published(boolean manifest, int epochs) {}
}
