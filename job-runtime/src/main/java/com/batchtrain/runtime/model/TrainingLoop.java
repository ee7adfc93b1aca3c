package com.batchtrain.runtime.model;

import com.batchtrain.contract.Manifest;
import com.batchtrain.runtime.pruning.PruningGate;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.runtime.checkpoint.Checkpoint;
import com.batchtrain.runtime.checkpoint.CheckpointMirror;
import com.batchtrain.runtime.checkpoint.CheckpointPolicy;
import com.batchtrain.runtime.checkpoint.CheckpointRetention;
import com.batchtrain.runtime.checkpoint.CheckpointStore;
import com.batchtrain.runtime.checkpoint.TrainingState;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.runtime.data.Standardizer;
import com.batchtrain.runtime.eval.HeldOutMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch training with checkpoints: resumes from the newest valid checkpoint, evaluates on the
 * validation split after every epoch, checkpoints by the policy, keeps the best by the objective,
 * and on a stop request saves a final checkpoint mid-epoch before giving up.
 */
public final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
  /** Training metrics come from a fixed subsample: a full pass over the training set would double the cost. */
  private static final int TRAIN_METRIC_ROWS = 4096;

  private final MlpModel model;
  private final Hyperparameters hp;
  private final Dataset train;
  private final Dataset validation;
  private final HeldOutMetrics metrics;
  private final CheckpointStore checkpoints;
  private final Optional<CheckpointMirror> mirror;
  private final CheckpointPolicy policy;
  private final CheckpointRetention retention;
  private final StopSignal stop;
  private final EpochListener listener;
  private final String identity;
  private final PruningGate gate;
  private Manifest.Pruned pruned;

  /** {@code identity} names what is trained (preset, columns, data, hyperparameters) to match checkpoints. */
  public TrainingLoop(String identity, MlpModel model, Hyperparameters hp, Dataset train, Dataset validation, HeldOutMetrics metrics,
      CheckpointStore checkpoints, Optional<CheckpointMirror> mirror, CheckpointPolicy policy,
      CheckpointRetention retention, StopSignal stop, EpochListener listener) {
    this(identity, model, hp, train, validation, metrics, checkpoints, mirror, policy, retention, stop, listener, PruningGate.none());
  }

  /** With early stopping: {@code gate} is asked at the end of every epoch. */
  public TrainingLoop(String identity, MlpModel model, Hyperparameters hp, Dataset train, Dataset validation, HeldOutMetrics metrics,
      CheckpointStore checkpoints, Optional<CheckpointMirror> mirror, CheckpointPolicy policy,
      CheckpointRetention retention, StopSignal stop, EpochListener listener, PruningGate gate) {
    this.gate = gate;
    this.model = model;
    this.hp = hp;
    this.train = train;
    this.validation = validation;
    this.metrics = metrics;
    this.checkpoints = checkpoints;
    this.mirror = mirror;
    this.policy = policy;
    this.retention = retention;
    this.stop = stop;
    this.listener = listener;
    this.identity = identity;
  }

  /** After {@link #run}: set when early stopping ended the training before its last epoch. */
  public Optional<Manifest.Pruned> pruned() {
    return Optional.ofNullable(pruned);
  }

  /** Trains to the configured epoch count, then restores the best checkpoint into the model and returns it. */
  public Checkpoint run() {
    stop.enterTraining();
    try {
      return train();
    } finally {
      stop.leaveTraining();
    }
  }

  private Checkpoint train() {
    TrainingState state = resumeOrStart();
    listener.onStart(state.history());
    int width = train.width();
    int batch = Math.min(hp.batchSize(), train.rows());
    int batches = (train.rows() + batch - 1) / batch;
    float[] x = new float[batch * width];
    float[] y = new float[batch];
    Dataset trainSample = train.select(firstRows(permutation(train.rows(), hp.seed(), -1), TRAIN_METRIC_ROWS));
    long sessionStart = System.nanoTime();
    double elapsedBefore = state.elapsedSeconds();
    long lastCheckpointNanos = System.nanoTime();
    List<EpochRecord> history = new ArrayList<>(state.history());
    long step = state.step();
    for (int epoch = state.epoch(); epoch < hp.epochs(); epoch++) {
      int[] order = permutation(train.rows(), hp.seed(), epoch);
      int firstBatch = epoch == state.epoch() ? state.nextBatch() : 0;
      double lossSum = epoch == state.epoch() ? state.partialLossSum() : 0;
      long epochStart = System.nanoTime();
      int samples = 0;
      for (int b = firstBatch; b < batches; b++) {
        if (stop.requested() || minutesSince(lastCheckpointNanos) >= policy.everyMinutes() && policy.everyMinutes() > 0) {
          double elapsed = elapsedBefore + seconds(sessionStart);
          Checkpoint c = save(step, new TrainingState(identity, hp.toMap(), epoch, b, step, lossSum, elapsed, model.standardizer(), history, Map.of()));
          lastCheckpointNanos = System.nanoTime();
          if (stop.requested()) {
            LOG.warn("stop requested: saved checkpoint {} at epoch {} batch {}/{}", c.dir(), epoch + 1, b, batches);
            stop.acknowledge();
            throw new TrainingStoppedException("stopped by request at epoch " + (epoch + 1) + ", batch " + b + "; checkpoint " + c.dir());
          }
        }
        int start = b * batch;
        int n = Math.min(batch, train.rows() - start);
        for (int i = 0; i < n; i++) {
          int row = order[start + i];
          System.arraycopy(train.features(), row * width, x, i * width, width);
          y[i] = train.targets()[row];
        }
        lossSum += model.trainStep(x, y, n, step++);
        samples += n;
      }
      double epochSeconds = seconds(epochStart);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("loss", lossSum / batches);
      metrics.scalars(model, trainSample, "").forEach((k, v) -> {
        if (!k.equals("loss")) {
          m.put(k, v);
        }
      });
      Map<String, Double> val = metrics.scalars(model, validation, "val_");
      m.putAll(val);
      EpochRecord record = new EpochRecord(epoch + 1, m, epochSeconds, samples / Math.max(epochSeconds, 1e-9));
      history.add(record);
      double elapsed = elapsedBefore + seconds(sessionStart);
      logProgress(record, elapsed, epoch + 1, hp.epochs(), epoch == state.epoch() && (state.epoch() > 0 || state.nextBatch() > 0));
      listener.onEpoch(record, elapsed);
      Optional<String> stopHere = gate.check(epoch + 1, val);
      boolean last = epoch + 1 == hp.epochs() || stopHere.isPresent();
      if ((epoch + 1) % policy.everyEpochs() == 0 || last) {
        save(step, new TrainingState(identity, hp.toMap(), epoch + 1, 0, step, 0, elapsed, model.standardizer(), history, val));
        lastCheckpointNanos = System.nanoTime();
      }
      if (stopHere.isPresent()) {
        pruned = new Manifest.Pruned(epoch + 1, hp.epochs(), stopHere.get());
        LOG.info("pruned after epoch {} of {}: {}", epoch + 1, hp.epochs(), stopHere.get());
        break;
      }
    }
    List<Checkpoint> all = own();
    Checkpoint best = retention.best(all).orElseThrow(() -> new IllegalStateException("no epoch checkpoint to select in " + checkpoints.runDir()));
    model.restore(best.variablesPrefix());
    LOG.info("selected checkpoint {} (epoch {}, {} = {})", best.dir().getFileName(), best.state().epoch(),
        retention.objective().metric(), best.state().validation().get(retention.objective().metric()));
    return best;
  }

  private TrainingState resumeOrStart() {
    Map<String, Object> hpMap = hp.toMap();
    List<Checkpoint> all = checkpoints.valid();
    if (all.isEmpty() && mirror.isPresent()) {
      int n = mirror.get().downloadInto(checkpoints.runDir());
      if (n > 0) {
        LOG.info("run directory was empty: fetched {} mirrored checkpoint(s) from the results store", n);
        all = checkpoints.valid();
      }
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Checkpoint c = all.get(i);
      if (!identity.equals(c.state().identity())) {
        LOG.warn("skipping checkpoint {}: it belongs to another run ({})", c.dir(), c.state().identity());
        continue;
      }
      try {
        model.restore(c.variablesPrefix());
      } catch (RuntimeException e) {
        LOG.warn("skipping checkpoint {}: TensorFlow cannot restore it ({})", c.dir(), e.getMessage());
        model.reinitialize();
        continue;
      }
      model.setStandardizer(c.state().standardizer());
      LOG.info("resuming from checkpoint {}: epoch {}, batch {}, step {}", c.dir(), c.state().epoch() + 1,
          c.state().nextBatch(), c.state().step());
      return c.state();
    }
    Standardizer s = Standardizer.fit(train);
    model.setStandardizer(s);
    return new TrainingState(identity, hpMap, 0, 0, 0, 0, 0, s, List.of(), Map.of());
  }

  /** Valid checkpoints of this run; others in the directory (a stale run under the same ids) are ignored. */
  private List<Checkpoint> own() {
    return checkpoints.valid().stream().filter(c -> identity.equals(c.state().identity())).toList();
  }

  private Checkpoint save(long step, TrainingState state) {
    Checkpoint c = checkpoints.write(step, model, state);
    mirror.ifPresent(m -> m.upload(c));
    List<Checkpoint> all = own();
    var keep = retention.keep(all);
    for (Checkpoint old : all) {
      if (!keep.contains(old.step())) {
        checkpoints.delete(old);
        mirror.ifPresent(m -> m.delete(old));
      }
    }
    return c;
  }

  private void logProgress(EpochRecord r, double elapsed, int done, int total, boolean resumed) {
    double perEpoch = r.seconds();
    double eta = perEpoch * (total - done);
    StringBuilder metrics = new StringBuilder();
    r.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> metrics.append(' ').append(e.getKey()).append('=').append(String.format("%.4f", e.getValue())));
    LOG.info("epoch {}/{}{}:{} | {} samples/s | epoch {}s | elapsed {}s | eta {}s", done, total, resumed ? " (resumed)" : "",
        metrics, Math.round(r.samplesPerSecond()), String.format("%.2f", r.seconds()), Math.round(elapsed), Math.round(eta));
  }

  /** The shuffle of {@code epoch}: a function of seed and epoch only, so a resumed epoch sees the same order. */
  static int[] permutation(int n, long seed, int epoch) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int[] firstRows(int[] p, int n) {
    return java.util.Arrays.copyOf(p, Math.min(n, p.length));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double minutesSince(long since) {
    return seconds(since) / 60.0;
  }
}
