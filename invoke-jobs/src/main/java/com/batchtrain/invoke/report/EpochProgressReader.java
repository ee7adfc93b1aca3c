package com.batchtrain.invoke.report;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.sweep.ParallelReads;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    return readSweep(sweep, Integer.MAX_VALUE);
  }

  /**
   * As {@link #readSweep(SweepId)}, for at most {@code maxTrials} trials (the first by id that have epoch
   * files): a sample of a large sweep without reading every trial's files.
   */
  public Map<TrialId, List<EpochProgress>> readSweep(SweepId sweep, int maxTrials) throws InterruptedException {
    StorageUri prefix = layout.sweep(sweep).resolve("trials/");
    List<EpochFile> files = new ArrayList<>();
    java.util.Set<TrialId> sampled = new java.util.HashSet<>();
    for (StoredObject o : store.list(prefix)) {
      Matcher m = EPOCH_FILE.matcher(o.uri().key().substring(prefix.key().length()));
      if (m.matches()) {
        TrialId trial = TrialId.of(m.group(1));
        if (sampled.contains(trial) || sampled.size() < maxTrials) {
          sampled.add(trial);
          files.add(new EpochFile(trial, Integer.parseInt(m.group(2)), o.uri()));
        }
      }
    }
    List<EpochProgress> read = ParallelReads.readAll(files.stream().map(EpochFile::uri).toList(), PARALLEL_READS,
        "epoch metrics", uri -> EpochProgress.fromJson(uri.toString(), store.read(uri)));
    Map<TrialId, List<EpochProgress>> out = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      EpochFile f = files.get(i);
      EpochProgress progress = read.get(i);
      // The file name orders the history; a document that disagrees with it is not trusted.
      if (progress.epoch() != f.epoch()) {
        throw new InvalidValueException(f.uri().toString(), "epoch " + f.epoch(), progress.epoch());
      }
      out.computeIfAbsent(f.trial(), t -> new ArrayList<>()).add(progress);
    }
    out.values().forEach(l -> l.sort(Comparator.comparingInt(EpochProgress::epoch)));
    return out;
  }

  private record EpochFile(TrialId trial, int epoch, StorageUri uri) {}
}
