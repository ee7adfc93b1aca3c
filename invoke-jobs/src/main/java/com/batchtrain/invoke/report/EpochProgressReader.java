package com.batchtrain.invoke.report;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every trial's intermediate per-epoch metrics ({@link ResultsLayout#epochMetrics}) of a sweep:
 * one listing of the sweep's trials prefix, then the files themselves.
 */
public final class EpochProgressReader {
  private static final Pattern EPOCH_FILE = Pattern.compile("(t\\d{4,})/metrics/epoch-(\\d{4,})\\.json");
  /**
   * Reads in flight at once. A large sweep on S3 holds trials x epochs small objects; one at a time
   * at S3 latency would take minutes, while a handful in parallel stays polite to the store.
   */
  private static final int PARALLEL_READS = 8;

  private final ObjectStore store;
  private final ResultsLayout layout;

  public EpochProgressReader(ObjectStore store, ResultsLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /** Per trial, its epochs in epoch order; a trial with no epoch file is absent. */
  public Map<TrialId, List<EpochProgress>> readSweep(SweepId sweep) throws InterruptedException {
    StorageUri prefix = layout.sweep(sweep).resolve("trials/");
    List<EpochFile> files = new ArrayList<>();
    for (StoredObject o : store.list(prefix)) {
      Matcher m = EPOCH_FILE.matcher(o.uri().key().substring(prefix.key().length()));
      if (m.matches()) {
        files.add(new EpochFile(TrialId.of(m.group(1)), Integer.parseInt(m.group(2)), o.uri()));
      }
    }
    Map<TrialId, List<EpochProgress>> out = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_READS, r -> {
      Thread t = new Thread(r, "epoch-metrics-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<EpochProgress>> reads = new ArrayList<>();
      for (EpochFile f : files) {
        reads.add(pool.submit(() -> EpochProgress.fromJson(f.uri().toString(), store.read(f.uri()))));
      }
      for (int i = 0; i < files.size(); i++) {
        EpochFile f = files.get(i);
        EpochProgress progress = unwrap(reads.get(i));
        // The file name orders the history; a document that disagrees with it is not trusted.
        if (progress.epoch() != f.epoch()) {
          throw new InvalidValueException(f.uri().toString(), "epoch " + f.epoch(), progress.epoch());
        }
        out.computeIfAbsent(f.trial(), t -> new ArrayList<>()).add(progress);
      }
    } finally {
      pool.shutdownNow();
    }
    out.values().forEach(l -> l.sort(Comparator.comparingInt(EpochProgress::epoch)));
    return out;
  }

  private record EpochFile(TrialId trial, int epoch, StorageUri uri) {}

  /** The read's own exception (storage unavailable, not found, malformed), so CliFailures maps it as usual. */
  private static EpochProgress unwrap(Future<EpochProgress> read) throws InterruptedException {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
