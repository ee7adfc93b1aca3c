package com.batchtrain.invoke.local;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Local-backend records under {@code sweeps/<sweep>/local/}: one per trial, plus the cancel marker. */
public final class ExecutionStore {
  private static final String PREFIX = "local/";
  private static final String CANCELLED = "cancelled";
  private final ObjectStore store;
  private final ResultsLayout layout;

  public ExecutionStore(ObjectStore store, ResultsLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /** The results store these records live in. */
  public ObjectStore objects() {
    return store;
  }

  public void write(SweepId sweep, Execution execution) {
    store.write(uri(sweep, TrialId.of(execution.trialId())), execution.toJson());
  }

  public Map<TrialId, Execution> readAll(SweepId sweep) {
    Map<TrialId, Execution> out = new HashMap<>();
    for (StoredObject o : store.list(layout.sweep(sweep).resolve(PREFIX))) {
      if (o.uri().key().endsWith(".json")) {
        Execution e = Execution.fromJson(store.read(o.uri()));
        out.put(TrialId.of(e.trialId()), e);
      }
    }
    return out;
  }

  /** One trial's record, if it has one. */
  public java.util.Optional<Execution> read(SweepId sweep, TrialId trial) {
    return store.readIfExists(uri(sweep, trial)).map(Execution::fromJson);
  }

  public void markCancelled(SweepId sweep) {
    store.write(layout.sweep(sweep).resolve(PREFIX + CANCELLED), "cancelled\n".getBytes(StandardCharsets.UTF_8));
  }

  public void clearCancelled(SweepId sweep) {
    StorageUri marker = layout.sweep(sweep).resolve(PREFIX + CANCELLED);
    if (store.exists(marker)) {
      store.delete(marker);
    }
  }

  public boolean cancelled(SweepId sweep) {
    return store.exists(layout.sweep(sweep).resolve(PREFIX + CANCELLED));
  }

  private StorageUri uri(SweepId sweep, TrialId trial) {
    return layout.sweep(sweep).resolve(PREFIX + trial + ".json");
  }
}
