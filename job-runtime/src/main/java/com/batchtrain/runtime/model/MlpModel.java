package com.batchtrain.runtime.model;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.runtime.data.Standardizer;
import com.batchtrain.contract.ModelSpec.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** A built MLP graph with its session: train steps, batched inference, checkpoint save/restore, export. */
public final class MlpModel implements AutoCloseable {
  /** Rows per inference call: large enough to amortise the per-call overhead, small enough for memory. */
  private static final int PREDICT_BATCH = 8192;

  private final Graph graph;
  private final Session session;
  private final MlpGraph mlp;
  private final Hyperparameters hp;
  private final int width;
  private final int classes;
  private Standardizer standardizer;

  private MlpModel(Graph graph, Session session, MlpGraph mlp, Hyperparameters hp, int width, int classes) {
    this.graph = graph;
    this.session = session;
    this.mlp = mlp;
    this.hp = hp;
    this.width = width;
    this.classes = classes;
  }

  public static MlpModel create(int width, Task task, int classes, Hyperparameters hp) {
    Graph g = new Graph();
    try {
      MlpGraph mlp = MlpGraph.build(g, width, task, classes, hp);
      Session s = new Session(g, ThreadPools.process().configProto());
      s.initialize();
      return new MlpModel(g, s, mlp, hp, width, classes);
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  public Task task() {
    return mlp.task();
  }

  /** Width of one prediction row: the class count for a classifier, 1 for a regressor. */
  public int outputWidth() {
    return task() == Task.CLASSIFICATION ? classes : 1;
  }

  public Standardizer standardizer() {
    return standardizer;
  }

  public void setStandardizer(Standardizer s) {
    this.standardizer = s;
    try (TFloat32 mean = TFloat32.vectorOf(s.featureMean());
        TFloat32 scale = TFloat32.vectorOf(s.featureScale());
        TFloat32 tMean = TFloat32.scalarOf(s.targetMean());
        TFloat32 tScale = TFloat32.scalarOf(s.targetScale())) {
      session.runner()
          .feed(MlpGraph.FEATURE_MEAN_IN, mean)
          .feed(MlpGraph.FEATURE_SCALE_IN, scale)
          .feed(MlpGraph.TARGET_MEAN_IN, tMean)
          .feed(MlpGraph.TARGET_SCALE_IN, tScale)
          .addTarget(MlpGraph.SET_STANDARDIZER)
          .run();
    }
  }

  /**
   * One optimiser step on {@code rows} rows of {@code x}/{@code y} (the arrays may be longer).
   * {@code step} keys the dropout masks. Returns the batch loss including the L2 penalty.
   */
  public float trainStep(float[] x, float[] y, int rows, long step) {
    try (TFloat32 xs = TFloat32.tensorOf(Shape.of(rows, width), DataBuffers.of(x, true, false).narrow((long) rows * width));
        var ys = labels(y, rows);
        TFloat32 rate = TFloat32.scalarOf((float) hp.dropout());
        TInt64 seed = TInt64.vectorOf(hp.seed(), step);
        Result r = session.runner()
            .feed(MlpGraph.FEATURES, xs)
            .feed(MlpGraph.LABELS, ys)
            .feed(MlpGraph.DROPOUT_RATE, rate)
            .feed(MlpGraph.STEP_SEED, seed)
            .addTarget(MlpGraph.TRAIN)
            .fetch(MlpGraph.LOSS)
            .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private org.tensorflow.Tensor labels(float[] y, int rows) {
    if (task() == Task.CLASSIFICATION) {
      int[] labels = new int[rows];
      for (int i = 0; i < rows; i++) {
        labels[i] = (int) y[i];
      }
      return TInt32.tensorOf(Shape.of(rows), DataBuffers.of(labels, true, false));
    }
    return TFloat32.tensorOf(Shape.of(rows), DataBuffers.of(y, true, false).narrow(rows));
  }

  /** Model outputs for every row: probabilities (rows x classes) or predictions (rows). */
  public float[] predict(Dataset data) {
    return predict(data.features(), data.rows());
  }

  public float[] predict(float[] features, int rows) {
    int ow = outputWidth();
    float[] out = new float[rows * ow];
    for (int start = 0; start < rows; start += PREDICT_BATCH) {
      int n = Math.min(PREDICT_BATCH, rows - start);
      float[] chunk = new float[n * width];
      System.arraycopy(features, start * width, chunk, 0, n * width);
      try (TFloat32 xs = TFloat32.tensorOf(Shape.of(n, width), DataBuffers.of(chunk, true, false));
          Result r = session.runner().feed(MlpGraph.FEATURES, xs).fetch(MlpGraph.OUTPUT).run()) {
        float[] part = new float[n * ow];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(part, false, false));
        System.arraycopy(part, 0, out, start * ow, part.length);
      }
    }
    return out;
  }

  /** Back to the initial weights and empty optimiser slots, e.g. after a failed partial restore. */
  public void reinitialize() {
    session.forceInitialize();
  }

  public void save(Path prefix) {
    session.save(prefix.toString());
  }

  public void restore(Path prefix) {
    session.restore(prefix.toString());
  }

  /**
   * Exports a SavedModel (tag "serve") whose default signature maps raw {@code features} to
   * {@code output} (probabilities or predictions) and, for a classifier, {@code predicted_class}.
   */
  public void export(Path dir) {
    Signature.Builder sig = Signature.builder()
        .key(Signature.DEFAULT_KEY)
        .input(MlpGraph.FEATURES, mlp.features())
        .output(MlpGraph.OUTPUT, mlp.output());
    if (task() == Task.CLASSIFICATION) {
      sig.output(MlpGraph.PREDICTED_CLASS, mlp.predictedClass());
    }
    try {
      SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(sig.build()).export();
    } catch (IOException e) {
      throw new UncheckedIOException("exporting SavedModel to " + dir, e);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
