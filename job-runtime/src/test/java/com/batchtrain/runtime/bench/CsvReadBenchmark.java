package com.batchtrain.runtime.bench;

import com.batchtrain.contract.ModelSpec;
import com.batchtrain.datasets.DatasetCheck;
import com.batchtrain.datasets.DatasetScan;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.runtime.data.DatasetLoader;
import com.batchtrain.contract.preset.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reading speed of a calcloud CSV (bench/job-runtime/csv-read.sh): the hand-written reader the
 * runtime had before (split on commas) next to the datasets module's Jackson CSV reader as
 * {@code train} loads a dataset (into memory, labels mapped) and as the stage job checks one
 * (every row, nothing kept), in one JVM, alternating, so the machine's load affects all alike.
 * Besides wall seconds it reports the process's CPU seconds per read (GC and JIT threads
 * included), which other processes on a shared machine disturb much less. Arguments: CSV file,
 * repetitions.
 */
public final class CsvReadBenchmark {
  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ModelSpec model = Presets.byName(Presets.MEMORY_BIN).model();
    long bytes = Files.size(csv);
    Map<String, Callable<Integer>> readers = new LinkedHashMap<>();
    readers.put("hand-written split reader (before)", () ->
        HandWrittenCsvReader.read(csv, model.features(), model.target(), model.classes())[1].length);
    readers.put("Jackson CSV, train's load (after)", () -> {
      Dataset d = new DatasetLoader(model).load(csv);
      return d.rows();
    });
    readers.put("Jackson CSV, stage check (after)", () ->
        (int) new DatasetCheck(DatasetScan.csv()).whole(model, csv).orElseThrow().rows());
    // Same rows from both loaders, or the comparison means nothing.
    float[][] before = HandWrittenCsvReader.read(csv, model.features(), model.target(), model.classes());
    Dataset after = new DatasetLoader(model).load(csv);
    if (!Arrays.equals(before[0], after.features()) || !Arrays.equals(before[1], after.targets())) {
      throw new IllegalStateException("the readers disagree on " + csv);
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    readers.keySet().forEach(k -> seconds.put(k, new ArrayList<>()));
    readers.keySet().forEach(k -> cpu.put(k, new ArrayList<>()));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    int rows = 0;
    for (int r = 0; r < reps + 1; r++) {
      for (Map.Entry<String, Callable<Integer>> e : readers.entrySet()) {
        System.gc();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        rows = e.getValue().call();
        double s = (System.nanoTime() - start) / 1e9;
        double c = (os.getProcessCpuTime() - cpuStart) / 1e9;
        if (r > 0) { // the first round warms the JIT
          seconds.get(e.getKey()).add(s);
          cpu.get(e.getKey()).add(c);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %,d rows, %.1f MB; %d repetitions after one warm-up round, medians%n", csv.getFileName(),
        rows, bytes / 1e6, reps);
    double baseline = median(seconds.values().iterator().next());
    double cpuBaseline = median(cpu.values().iterator().next());
    System.out.printf(Locale.ROOT, "%-38s %8s %12s %8s %10s %8s %10s%n", "reader", "wall s", "rows/s", "MB/s", "vs before",
        "CPU s", "vs before");
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double m = median(e.getValue());
      double c = median(cpu.get(e.getKey()));
      System.out.printf(Locale.ROOT, "%-38s %8.3f %,12.0f %8.1f %9.2fx %8.3f %9.2fx%n", e.getKey(), m, rows / m, bytes / 1e6 / m,
          baseline / m, c, cpuBaseline / c);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
