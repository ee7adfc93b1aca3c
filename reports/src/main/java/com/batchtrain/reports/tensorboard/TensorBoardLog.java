package com.batchtrain.reports.tensorboard;

import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.MetricCurve;
import com.batchtrain.reports.TrainingHistory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial's TensorBoard log directory, laid out as Keras lays it out so that
 * {@code tensorboard --logdir} overlays train and validation curves in one chart:
 * {@code train/} holds {@code epoch_<metric>} for training metrics (and any metric without a
 * {@code val_} prefix), {@code validation/} holds {@code epoch_<metric>} for {@code val_<metric>}.
 * The step of each scalar is its epoch number.
 */
public final class TensorBoardLog implements AutoCloseable {
  public static final String TRAIN_DIR = "train";
  public static final String VALIDATION_DIR = "validation";
  public static final String TAG_PREFIX = "epoch_";

  private final EventFile train;
  private final EventFile validation;

  private TensorBoardLog(EventFile train, EventFile validation) {
    this.train = train;
    this.validation = validation;
  }

  /** Opens new event files under {@code logDir}/train and {@code logDir}/validation. */
  public static TensorBoardLog open(Path logDir, Instant created, String host) throws IOException {
    String safeHost = host.replaceAll("[^A-Za-z0-9._-]", "_");
    EventFile train = EventFile.create(logDir.resolve(TRAIN_DIR), created, safeHost);
    try {
      return new TensorBoardLog(train, EventFile.create(logDir.resolve(VALIDATION_DIR), created, safeHost));
    } catch (IOException | RuntimeException e) {
      train.close();
      throw e;
    }
  }

  /** The machine's host name for event file names, as TensorFlow's writers use it. */
  public static String localHost() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * Writes a whole history at once (e.g. after training, or when re-rendering a finished trial).
   * Wall times are {@code start} plus the cumulative {@code seconds} metric when the history logs it,
   * else one second per epoch, so TensorBoard's relative-time axis stays meaningful.
   */
  public static List<Path> writeHistory(Path logDir, TrainingHistory history, Instant start, String host)
      throws IOException {
    try (TensorBoardLog log = open(logDir, start, host)) {
      double elapsed = 0;
      for (EpochMetrics epoch : history.epochs()) {
        double seconds = epoch.value(EpochMetrics.SECONDS);
        elapsed += Double.isFinite(seconds) && seconds >= 0 ? seconds : 1.0;
        log.logEpoch(epoch, start.plus(Duration.ofNanos((long) (elapsed * 1e9))));
      }
      return log.files();
    }
  }

  /** Appends one epoch's finite metrics; call once per finished epoch. */
  public void logEpoch(EpochMetrics epoch, Instant wallTime) throws IOException {
    Map<String, Double> trainValues = new TreeMap<>();
    Map<String, Double> validationValues = new TreeMap<>();
    epoch.values().forEach((metric, value) -> {
      if (!Double.isFinite(value)) {
        return;
      }
      if (metric.startsWith(MetricCurve.VALIDATION_PREFIX)) {
        validationValues.put(TAG_PREFIX + metric.substring(MetricCurve.VALIDATION_PREFIX.length()), value);
      } else {
        trainValues.put(TAG_PREFIX + metric, value);
      }
    });
    if (!trainValues.isEmpty()) {
      train.scalars(epoch.epoch(), wallTime, trainValues);
    }
    if (!validationValues.isEmpty()) {
      validation.scalars(epoch.epoch(), wallTime, validationValues);
    }
  }

  /** The event files of this log: train first, then validation. */
  public List<Path> files() {
    return List.of(train.path(), validation.path());
  }

  @Override
  public void close() throws IOException {
    try {
      train.close();
    } finally {
      validation.close();
    }
  }
}
