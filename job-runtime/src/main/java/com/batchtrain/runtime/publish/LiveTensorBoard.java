package com.batchtrain.runtime.publish;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.tensorboard.TensorBoardLog;
import com.batchtrain.runtime.model.EpochListener;
import com.batchtrain.runtime.model.EpochRecord;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TensorBoard event files of a running trial: appended as each epoch finishes in the run directory
 * and uploaded to the trial's {@code tensorboard/} prefix, so TensorBoard can follow a sweep while it
 * trains. Each (resumed) session starts over: it deletes earlier sessions' files, locally and in the
 * store, and logs the resumed checkpoint's history first, so the log never holds epochs that a crashed
 * attempt trained past its last checkpoint. It is a convenience: a failure is logged once and ends
 * live logging, never the training; the published trial gets the full log either way.
 */
public final class LiveTensorBoard implements EpochListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveTensorBoard.class);

  private final Path localDir;
  private final ObjectStore store;
  private final StorageUri remotePrefix;
  private final String host;
  private Instant logStart = Instant.now();
  private TensorBoardLog log;
  private boolean failed;

  public LiveTensorBoard(Path localDir, ObjectStore store, StorageUri remotePrefix, String host) {
    this.localDir = localDir;
    this.store = store;
    this.remotePrefix = remotePrefix.asDirectory();
    this.host = host;
  }

  /**
   * When this session's log starts: now, back-dated by the resumed epochs' seconds so TensorBoard's
   * relative time axis covers them. The event files are named after it.
   */
  public Instant logStart() {
    return logStart;
  }

  @Override
  public void onStart(List<EpochRecord> carriedHistory) {
    double carriedSeconds = carriedHistory.stream().mapToDouble(LiveTensorBoard::pacing).sum();
    logStart = Instant.now().minus(nanos(carriedSeconds));
    guarded(() -> {
      TrialOutputs.deleteTree(localDir);
      for (StoredObject stale : store.list(remotePrefix)) {
        store.delete(stale.uri());
      }
      log = TensorBoardLog.open(localDir, logStart, host);
      double elapsed = 0;
      for (EpochRecord r : carriedHistory) {
        elapsed += pacing(r);
        log.logEpoch(ReportInputs.epoch(r), logStart.plus(nanos(elapsed)));
      }
      upload();
    });
  }

  @Override
  public void onEpoch(EpochRecord record, double elapsedSeconds) {
    guarded(() -> {
      EpochMetrics epoch = ReportInputs.epoch(record);
      log.logEpoch(epoch, Instant.now());
      upload();
    });
  }

  private void upload() {
    for (Path file : log.files()) {
      store.upload(file, remotePrefix.resolve(localDir.relativize(file).toString().replace('\\', '/')));
    }
  }

  private void guarded(IoAction action) {
    if (failed) {
      return;
    }
    try {
      action.run();
    } catch (IOException | RuntimeException e) {
      failed = true;
      LOG.warn("live TensorBoard log stopped for this run ({}); the published trial still gets the full log", e.toString());
    }
  }

  /** As TensorBoardLog.writeHistory paces epochs: their seconds, or one second when not finite. */
  private static double pacing(EpochRecord r) {
    return Double.isFinite(r.seconds()) && r.seconds() >= 0 ? r.seconds() : 1.0;
  }

  private static Duration nanos(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  @Override
  public void close() {
    if (log == null) {
      return;
    }
    try {
      log.close();
    } catch (IOException e) {
      LOG.warn("closing the live TensorBoard log: {}", e.toString());
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
