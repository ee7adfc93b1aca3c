package com.batchtrain.runtime.model;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.ModelSpec.Task;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the MLP graph. Operation names are fixed (the constants below) so that a checkpoint saved
 * from one graph restores into another built with the same shape and hyperparameters, and so that
 * the exported SavedModel has a stable signature.
 *
 * <p>The standardiser is part of the graph (non-trainable variables), so the exported model takes
 * raw feature values and, for regression, returns targets in their original unit.
 */
public final class MlpGraph {
  public static final String FEATURES = "features";
  public static final String LABELS = "labels";
  public static final String DROPOUT_RATE = "dropout_rate";
  public static final String STEP_SEED = "step_seed";
  /** Classifier: class probabilities [n, classes]; regressor: predictions [n]. */
  public static final String OUTPUT = "output";
  public static final String PREDICTED_CLASS = "predicted_class";
  public static final String DATA_LOSS = "data_loss";
  public static final String LOSS = "loss";
  public static final String TRAIN = "train";
  public static final String SET_STANDARDIZER = "standardizer_set";
  public static final String FEATURE_MEAN_IN = "standardizer_feature_mean_in";
  public static final String FEATURE_SCALE_IN = "standardizer_feature_scale_in";
  public static final String TARGET_MEAN_IN = "standardizer_target_mean_in";
  public static final String TARGET_SCALE_IN = "standardizer_target_scale_in";

  private final Graph graph;
  private final Task task;
  private final Placeholder<TFloat32> features;
  private final Operand<TFloat32> output;

  private MlpGraph(Graph graph, Task task, Placeholder<TFloat32> features, Operand<TFloat32> output) {
    this.graph = graph;
    this.task = task;
    this.features = features;
    this.output = output;
  }

  public Graph graph() {
    return graph;
  }

  public Task task() {
    return task;
  }

  public Placeholder<TFloat32> features() {
    return features;
  }

  public Operand<TFloat32> output() {
    return output;
  }

  public Operand<?> predictedClass() {
    return graph.operation(PREDICTED_CLASS).output(0);
  }

  public static MlpGraph build(Graph g, int width, Task task, int classes, Hyperparameters hp) {
    Ops tf = Ops.create(g);
    Ops init = tf.withInitScope();
    Placeholder<TFloat32> x = tf.withName(FEATURES).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, width)));
    Operand<TFloat32> rate = tf.withName(DROPOUT_RATE).placeholderWithDefault(tf.constant(0f), Shape.scalar());
    Operand<TInt64> stepSeed = tf.withName(STEP_SEED).placeholderWithDefault(tf.constant(new long[] {0, 0}), Shape.of(2));

    Variable<TFloat32> fMean = init.withName("standardizer_feature_mean").variable(init.fill(init.constant(new int[] {width}), init.constant(0f)));
    Variable<TFloat32> fScale = init.withName("standardizer_feature_scale").variable(init.fill(init.constant(new int[] {width}), init.constant(1f)));
    Variable<TFloat32> tMean = init.withName("standardizer_target_mean").variable(init.constant(0f));
    Variable<TFloat32> tScale = init.withName("standardizer_target_scale").variable(init.constant(1f));
    List<Op> sets = List.of(
        tf.assign(fMean, tf.withName(FEATURE_MEAN_IN).placeholder(TFloat32.class, Placeholder.shape(Shape.of(width)))),
        tf.assign(fScale, tf.withName(FEATURE_SCALE_IN).placeholder(TFloat32.class, Placeholder.shape(Shape.of(width)))),
        tf.assign(tMean, tf.withName(TARGET_MEAN_IN).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()))),
        tf.assign(tScale, tf.withName(TARGET_SCALE_IN).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()))));
    tf.withControlDependencies(sets).withName(SET_STANDARDIZER).noOp();

    Operand<TFloat32> h = tf.math.div(tf.math.sub(x, fMean), fScale);
    List<Variable<TFloat32>> weights = new ArrayList<>();
    List<Output<TFloat32>> trainable = new ArrayList<>();
    int in = width;
    List<Integer> widths = new ArrayList<>(hp.hiddenUnits());
    int outWidth = task == Task.CLASSIFICATION ? classes : 1;
    widths.add(outWidth);
    for (int layer = 0; layer < widths.size(); layer++) {
      int out = widths.get(layer);
      boolean last = layer == widths.size() - 1;
      // Flat names: the optimiser derives slot names from variable names and rejects '/'.
      Ops scope = tf;
      Ops scopeInit = init;
      String prefix = "dense_" + layer + "_";
      // Glorot-uniform from a stateless generator keyed by (seed, layer): same seed, same initial model.
      float limit = (float) Math.sqrt(6.0 / (in + out));
      Operand<TFloat32> u = scopeInit.random.statelessRandomUniform(
          scopeInit.constant(new int[] {in, out}), scopeInit.constant(new long[] {hp.seed(), layer}), TFloat32.class);
      Variable<TFloat32> w = scopeInit.withName(prefix + "kernel").variable(
          scopeInit.math.mul(scopeInit.math.sub(scopeInit.math.mul(u, scopeInit.constant(2f)), scopeInit.constant(1f)),
              scopeInit.constant(limit)));
      Variable<TFloat32> b = scopeInit.withName(prefix + "bias").variable(scopeInit.fill(scopeInit.constant(new int[] {out}), scopeInit.constant(0f)));
      weights.add(w);
      trainable.add(w.asOutput());
      trainable.add(b.asOutput());
      h = scope.math.add(scope.linalg.matMul(h, w), b);
      if (!last) {
        h = activation(scope, hp.activation(), h);
        if (hp.dropout() > 0) {
          h = dropout(scope, h, rate, stepSeed, layer);
        }
      }
      in = out;
    }

    Operand<TFloat32> dataLoss;
    Operand<TFloat32> output;
    if (task == Task.CLASSIFICATION) {
      Placeholder<TInt32> labels = tf.withName(LABELS).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
      // One-hot cross-entropy: the sparse variant has no registered gradient in TF Java.
      dataLoss = tf.withName(DATA_LOSS).math.neg(tf.math.mean(
          tf.reduceSum(tf.math.mul(oneHot, tf.nn.logSoftmax(h)), tf.constant(1)), tf.constant(0)));
      output = tf.withName(OUTPUT).nn.softmax(h);
      tf.withName(PREDICTED_CLASS).math.argMax(h, tf.constant(1), TInt32.class);
    } else {
      Placeholder<TFloat32> y = tf.withName(LABELS).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> flat = tf.reshape(h, tf.constant(new int[] {-1}));
      Operand<TFloat32> yStd = tf.math.div(tf.math.sub(y, tMean), tScale);
      // Loss in standardised units keeps the learning rate meaningful for seconds and gigabytes alike.
      dataLoss = tf.withName(DATA_LOSS).math.mean(tf.math.square(tf.math.sub(flat, yStd)), tf.constant(0));
      output = tf.withName(OUTPUT).math.add(tf.math.mul(flat, tScale), tMean);
    }
    Operand<TFloat32> loss = dataLoss;
    if (hp.l2() > 0) {
      // l2 * sum(w^2) over the kernels; L2Loss computes sum(w^2)/2.
      Operand<TFloat32> penalty = null;
      for (Variable<TFloat32> w : weights) {
        Operand<TFloat32> term = tf.nn.l2Loss(w);
        penalty = penalty == null ? term : tf.math.add(penalty, term);
      }
      loss = tf.math.add(loss, tf.math.mul(tf.constant((float) (2 * hp.l2())), penalty));
    }
    loss = tf.withName(LOSS).identity(loss);

    Optimizer optimizer = hp.optimizer() == Hyperparameters.Optimizer.ADAM
        ? new Adam(g, (float) hp.learningRate())
        : new GradientDescent(g, (float) hp.learningRate());
    // Gradients only for the layers: the optimizer's own minimize() would also "train" the standardiser.
    Output<?>[] grads = g.addGradients(loss.asOutput(), trainable.toArray(new Output<?>[0]));
    List<Optimizer.GradAndVar<?>> pairs = new ArrayList<>();
    for (int i = 0; i < grads.length; i++) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> grad = (Output<TFloat32>) grads[i];
      pairs.add(new Optimizer.GradAndVar<>(grad, trainable.get(i)));
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Optimizer.GradAndVar<? extends org.tensorflow.types.family.TType>> typed = (List) pairs;
    optimizer.applyGradients(typed, TRAIN);
    return new MlpGraph(g, task, x, output);
  }

  private static Operand<TFloat32> activation(Ops tf, Hyperparameters.Activation a, Operand<TFloat32> h) {
    return switch (a) {
      case RELU -> tf.nn.relu(h);
      case TANH -> tf.math.tanh(h);
      case SIGMOID -> tf.math.sigmoid(h);
      case ELU -> tf.nn.elu(h);
    };
  }

  /**
   * Inverted dropout with a stateless mask keyed by the fed step seed: a resumed run draws exactly
   * the masks the uninterrupted run would have drawn. At inference the rate defaults to 0.
   */
  private static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> h, Operand<TFloat32> rate, Operand<TInt64> stepSeed, int layer) {
    Operand<TInt64> seed = tf.math.add(stepSeed, tf.constant(new long[] {0, 1_000_003L * (layer + 1)}));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(h), seed, TFloat32.class);
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, rate), TFloat32.class);
    Operand<TFloat32> mask = tf.stopGradient(tf.math.div(keep, tf.math.sub(tf.constant(1f), rate)));
    return tf.math.mul(h, mask);
  }
}
