package com.batchtrain.invoke.bench;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.drive.DriveState;
import com.batchtrain.invoke.drive.Driver;
import com.batchtrain.invoke.drive.FakeBackend;
import com.batchtrain.invoke.drive.Journal;
import com.batchtrain.invoke.drive.SamplerProposer;
import com.batchtrain.invoke.search.Samplers;
import com.batchtrain.invoke.search.SearchSpace;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.NewSweep;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.SweepStore;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.StoredObject;
import com.batchtrain.testsupport.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): the driver's own cost over a long sweep, on a local file results store
 * and on S3 (S3Proxy on loopback, the real SDK client). The backend is a stand-in that ends the
 * oldest trial in flight at once, so what is timed is the driver's step from a trial's end to the
 * next submission: reading state, journaling the end, proposing (TPE over every result so far),
 * rewriting the trials file and the record, journaling the submission. Batch's own API latency
 * (one SubmitJob and one DescribeJobs per step against the real service) is not in it. Also prints
 * the journal's size and how long a restarted driver takes to read it back.
 *
 * <p>Usage: {@code DriverBenchmark [trials=1000] [max_parallel=4]}; run by bench/invoke-jobs/driver.sh.
 */
public final class DriverBenchmark {
  private DriverBenchmark() {}

  private static final String SPEC = """
      name: bench
      trainer: {command: [python3, train.py]}
      data: s3://bench-data/train.csv
      objective: {metric: val_loss, goal: minimize}
      method: bayes
      max_trials: %d
      max_parallel: %d
      seed: 1
      parameters:
        lr: {min: 0.0001, max: 1.0, distribution: log_uniform}
        width: {min: 16, max: 512, distribution: log_uniform}
        optimizer: {values: [adam, sgd]}
        momentum: {min: 0.5, max: 0.99, when: {optimizer: sgd}}
      """;

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int parallel = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    System.out.printf("driver overhead: %d trials, %d in flight, TPE (method bayes), stand-in backend%n%n", trials, parallel);
    System.out.println("| results store | step ms, trials 1-100 (median / p95) | 401-500 | 901-1000 | journal: entries, KiB"
        + " | KiB per 1000 trials | trials file KiB | restart: read journal ms |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    Path dir = Files.createTempDirectory("driver-bench");
    run("local files", StorageUri.ofPath(dir.resolve("results")).asDirectory(), Map.of(), trials, parallel);
    try (S3ProxyServer s3 = new S3ProxyServer().start()) {
      String bucket = s3.newBucket();
      run("S3 (S3Proxy, loopback)", StorageUri.parse("s3://" + bucket + "/"), s3.environment(), trials, parallel);
    }
  }

  private static void run(String name, StorageUri root, Map<String, String> env, int trials, int parallel) {
    ResultsLayout layout = new ResultsLayout(root);
    try (ObjectStore store = ObjectStores.open(root, env)) {
      String text = SPEC.formatted(trials, parallel);
      SweepSpec spec = new SpecReader().read(text);
      SweepRecord record = NewSweep.plan(spec, text, SweepId.of("bench-1"), layout, SweepRecord.Backend.AWS, "queue",
          "definition", Instant.now()).record();
      SweepStore sweeps = new SweepStore(store, layout);
      sweeps.writeRecord(record);
      FakeBackend backend = new FakeBackend(store, layout);
      Journal journal = Journal.read(store, layout, record.id(), "bench", Clock.systemUTC());
      Driver driver = new Driver(sweeps, record, spec, journal, backend, backend,
          new SamplerProposer(Samplers.forBayes(), SearchSpace.of(spec), spec.seed()), Clock.systemUTC(), Duration.ZERO,
          line -> { });
      driver.step();
      List<Double> stepMs = new ArrayList<>();
      while (true) {
        List<Integer> active = backend.active();
        if (active.isEmpty()) {
          break;
        }
        int oldest = active.get(0);
        DriveState state = journal.state();
        Map<String, Object> point = state.trials().get(oldest).parameters();
        backend.succeed(record, oldest, "val_loss", objective(point));
        long start = System.nanoTime();
        driver.step();
        stepMs.add((System.nanoTime() - start) / 1e6);
      }
      long bytes = 0;
      List<StoredObject> entries = store.list(layout.journal(record.id()));
      for (StoredObject o : entries) {
        bytes += o.size();
      }
      long trialsFile = store.stat(layout.trialsFile(record.id())).map(StoredObject::size).orElse(0L);
      long start = System.nanoTime();
      DriveState replayed = Journal.read(store, layout, record.id(), "restart", Clock.systemUTC()).state();
      double readMs = (System.nanoTime() - start) / 1e6;
      if (replayed.proposed() != trials || replayed.finishedCount() != trials) {
        throw new IllegalStateException("the journal does not hold the sweep: " + replayed.proposed() + " proposed");
      }
      System.out.printf("| %s | %s | %s | %s | %d, %.0f | %.0f | %.0f | %.0f |%n", name, window(stepMs, 0, 100),
          window(stepMs, 400, 500), window(stepMs, 900, 1000), entries.size(), bytes / 1024.0,
          bytes / 1024.0 * 1000 / trials, trialsFile / 1024.0, readMs);
    }
  }

  /** A smooth objective with a known best (lr 0.01, width 128, adam). */
  private static double objective(Map<String, Object> p) {
    double lr = Math.log10(((Number) p.get("lr")).doubleValue()) + 2;
    double width = Math.log(((Number) p.get("width")).doubleValue() / 128.0);
    return lr * lr + width * width + ("sgd".equals(p.get("optimizer")) ? 0.3 : 0);
  }

  /** Median / p95 of the steps that ended trials {@code from+1 .. to} (steps are in order of trials ending). */
  private static String window(List<Double> ms, int from, int to) {
    if (ms.size() <= from) {
      return "-";
    }
    double[] w = ms.subList(from, Math.min(to, ms.size())).stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format("%.1f / %.1f", w[w.length / 2], w[(int) Math.min(w.length - 1, Math.ceil(w.length * 0.95) - 1)]);
  }
}
