package com.batchtrain.runtime.bench;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.runtime.data.DatasetLoader;
import com.batchtrain.runtime.data.Standardizer;
import com.batchtrain.runtime.model.ComputeDevice;
import com.batchtrain.runtime.model.MlpModel;
import com.batchtrain.runtime.model.ThreadPools;
import com.batchtrain.runtime.preset.CalcloudGenerator;
import com.batchtrain.contract.preset.Preset;
import com.batchtrain.contract.preset.Presets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training throughput of the calcloud MLP per batch size, next to the dense float matmul rate of
 * the same TF runtime: the matmul rate is the compute ceiling, so the ratio shows how much of the
 * step time is framework overhead rather than arithmetic.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Reports calcloud MLP training samples/s per batch size and TF's 2048x2048 float matmul GFLOP/s.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "100000", description = "training rows (default ${DEFAULT-VALUE})")
  int rows;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "32,256,1024,4096", description = "default ${DEFAULT-VALUE}")
  List<Integer> batchSizes;

  @Option(names = "--hidden-units", defaultValue = "64,64", description = "MLP widths (default ${DEFAULT-VALUE})")
  String hiddenUnits;

  @Option(names = "--min-seconds", defaultValue = "3", description = "minimum timed seconds per measurement (default ${DEFAULT-VALUE})")
  double minSeconds;

  @Option(names = "--matmul-size", defaultValue = "2048", description = "square matmul size (default ${DEFAULT-VALUE})")
  int matmulSize;

  @Override
  public Integer call() throws IOException {
    Path tmp = Files.createTempDirectory("bt-bench");
    Path csv = tmp.resolve("calcloud.csv");
    new CalcloudGenerator(7).writeCsv(csv, rows);
    Preset preset = Presets.byName(Presets.MEMORY_BIN);
    Dataset data = new DatasetLoader(preset.model()).load(csv);
    Files.delete(csv);
    Files.delete(tmp);
    String device = ComputeDevice.detect();
    double gflops = matmulGflops(matmulSize, minSeconds);
    System.out.printf("TensorFlow %s on %s, %d cores; MLP %d-%s-%d, %d rows%n", TensorFlow.version(), device,
        Runtime.getRuntime().availableProcessors(), data.width(), hiddenUnits.replace(',', '-'), data.columns().classes(), rows);
    System.out.printf("matmul %dx%d float32: %.1f GFLOP/s%n", matmulSize, matmulSize, gflops);
    System.out.printf("%-10s %14s %16s %14s%n", "batch", "samples/s", "model GFLOP/s", "% of matmul");
    for (int batch : batchSizes) {
      Hyperparameters hp = Hyperparameters.parse(Map.of(Hyperparameters.HIDDEN_UNITS, hiddenUnits, Hyperparameters.BATCH_SIZE, batch));
      double samplesPerSecond = trainThroughput(data, preset, hp, minSeconds);
      // Forward + backward of a dense layer ~ 3 matmuls of 2*in*out FLOPs per sample.
      double flopsPerSample = 0;
      int in = data.width();
      for (int units : hp.hiddenUnits()) {
        flopsPerSample += 6.0 * in * units;
        in = units;
      }
      flopsPerSample += 6.0 * in * data.columns().classes();
      double modelGflops = samplesPerSecond * flopsPerSample / 1e9;
      System.out.printf("%-10d %14.0f %16.2f %13.2f%%%n", batch, samplesPerSecond, modelGflops, 100 * modelGflops / gflops);
    }
    return 0;
  }

  static double trainThroughput(Dataset data, Preset preset, Hyperparameters hp, double minSeconds) {
    try (MlpModel model = MlpModel.create(data.width(), preset.task(), data.columns().classes(), hp)) {
      model.setStandardizer(Standardizer.fit(data));
      int batch = hp.batchSize();
      int w = data.width();
      float[] x = new float[batch * w];
      float[] y = new float[batch];
      long step = 0;
      // Warm-up: graph optimisation and allocator growth happen on the first steps.
      int warmup = Math.max(5, Math.min(50, data.rows() / batch));
      for (int i = 0; i < warmup; i++) {
        fill(data, (int) (step * batch % Math.max(1, data.rows() - batch)), batch, x, y);
        model.trainStep(x, y, batch, step++);
      }
      long samples = 0;
      long start = System.nanoTime();
      while (System.nanoTime() - start < minSeconds * 1e9) {
        int offset = (int) ((step * batch) % Math.max(1, data.rows() - batch));
        fill(data, offset, batch, x, y);
        model.trainStep(x, y, batch, step++);
        samples += batch;
      }
      return samples / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void fill(Dataset data, int offset, int batch, float[] x, float[] y) {
    int w = data.width();
    System.arraycopy(data.features(), offset * w, x, 0, batch * w);
    System.arraycopy(data.targets(), offset, y, 0, batch);
  }

  static double matmulGflops(int n, double minSeconds) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      Placeholder<TFloat32> b = tf.withName("b").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      // Sum the product so only a scalar crosses back to Java: the timing is the matmul, not a 16 MB copy.
      var product = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      try (Session s = new Session(g, ThreadPools.process().configProto());
          TFloat32 ta = TFloat32.tensorOf(Shape.of(n, n), t -> t.scalars().forEach(v -> v.setFloat(0.5f)));
          TFloat32 tb = TFloat32.tensorOf(Shape.of(n, n), t -> t.scalars().forEach(v -> v.setFloat(0.25f)))) {
        for (int i = 0; i < 3; i++) {
          s.runner().feed(a, ta).feed(b, tb).fetch(product).run().close();
        }
        long runs = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < minSeconds * 1e9) {
          s.runner().feed(a, ta).feed(b, tb).fetch(product).run().close();
          runs++;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return 2.0 * n * n * n * runs / secs / 1e9;
      }
    }
  }
}
