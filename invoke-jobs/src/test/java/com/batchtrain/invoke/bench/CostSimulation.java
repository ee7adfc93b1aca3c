package com.batchtrain.invoke.bench;

import com.batchtrain.invoke.cost.AttemptUsage;
import com.batchtrain.invoke.cost.AttemptUsage.Fate;
import com.batchtrain.invoke.cost.CostEstimate;
import com.batchtrain.invoke.cost.EpochTimes;
import com.batchtrain.invoke.cost.InstancePrice;
import com.batchtrain.invoke.cost.Market;
import com.batchtrain.invoke.cost.InstanceOption;
import com.batchtrain.invoke.cost.NodeShare;
import com.batchtrain.invoke.cost.Placement;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.cost.PriceTable;
import com.batchtrain.invoke.cost.SweepUsage;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): what the reference 64-trial GPU sweep costs run naively versus with the
 * defaults, through the cost library ({@link CostEstimate} before, {@link SweepUsage} of simulated
 * attempts after).
 *
 * <ul>
 *   <li><b>naive</b>: on-demand, one trial per p3.8xlarge (the whole node for a 1-GPU trial), no early
 *       stopping: every trial runs all its epochs.
 *   <li><b>defaults</b>: spot, 4 trials per p3.8xlarge (infra's gpuTrial: 1 GPU, 8 vCPU, 58 GiB), ASHA
 *       early stopping (the epoch counts of BENCHMARKS.md's 32-trial sweep, doubled), spot reclaims at a
 *       stated rate with Batch's retries resuming from the last epoch checkpoint.
 * </ul>
 *
 * <p>Every input is printed with where it comes from. Usage: {@code CostSimulation [SWEEP_DIR]}: with a
 * local sweep's results folder ({@code results/sweeps/<id>}) the CPU seconds per epoch are read from its
 * {@code trials/*}{@code /metrics/epoch-*.json} (differences of {@code elapsedSeconds}); without, the ones
 * measured for BENCHMARKS.md are used. Run by bench/invoke-jobs/cost.sh.
 */
public final class CostSimulation {
  /** Measured 2026-12-07: sweep calcloud-memory-bin-20261207-185304-54e3 (examples/calcloud-memory-bin.yaml,
   * 4 trials x 4 epochs, 2 at a time on the 2-core machine): wall seconds per epoch incl. validation and checkpoint. */
  private static final List<Double> MEASURED_CPU_EPOCH_SECONDS = List.of(0.2455, 0.4865, 0.2037, 0.2167, 0.2460,
      0.4501, 0.2611, 0.2455, 0.2824, 0.3663, 0.1676, 0.2486, 0.3407, 0.3951, 0.0985, 0.3002);
  private static final String MEASURED_FROM =
      "examples/calcloud-memory-bin.yaml run locally on 2026-12-07 (sweep calcloud-memory-bin-20261207-185304-54e3)";

  private static final String REGION = "us-east-1";
  private static final String GPU_TYPE = "p3.8xlarge";
  private static final int TRIALS = 64;
  private static final int EPOCHS = 9;
  /** BENCHMARKS.md "Early stopping": 32 trials x 9 epochs = 288 epochs without, 92 with ASHA, 27 pruned. */
  private static final int BENCH_TRIALS = 32;
  private static final int BENCH_EPOCHS_FULL = 288;
  private static final int BENCH_EPOCHS_ASHA = 92;
  private static final int BENCH_PRUNED = 27;
  /** Per attempt outside the epochs: JVM + TF start (~3 s) and publishing (~4 s) measured locally
   * (FIELD-NOTES), plus an assumed ~50 s for container start, image layers, CUDA init and data staging. */
  private static final double STARTUP_SECONDS = 60;
  /** infra's retryAttempts default: a trial gets at most 3 attempts. */
  private static final int ATTEMPTS = 3;
  /** Stated spot reclaim rate per instance-hour: pessimistic (the Spot Instance Advisor's buckets are per
   * trailing month: <5 %, 5-10 %, 10-15 %, 15-20 %, >20 %). */
  private static final double RECLAIMS_PER_HOUR = 0.10;
  private static final double HEADLINE_SPEEDUP = 10;
  private static final int SWEEPS = 200;
  private static final long SEED = 20261207L;
  /** infra's gpuSpotMaxvCpus 128 / 32 vCPUs: 4 nodes at once for the packing check. */
  private static final int SPOT_NODES = 4;
  private static final String STATED = "the measured CPU epoch times scaled by the stated V100 factor, and the stated"
      + " start-up";

  private CostSimulation() {}

  public static void main(String[] args) throws IOException {
    List<Double> cpuSeconds = args.length > 0 ? readEpochSeconds(Path.of(args[0])) : MEASURED_CPU_EPOCH_SECONDS;
    String from = args.length > 0 ? args[0] : MEASURED_FROM;
    PriceTable prices = PriceTable.shipped();
    InstancePrice p3 = prices.price(REGION, GPU_TYPE);
    NodeShare packed = NodeShare.of(8, 59_392, 1, p3);
    NodeShare whole = NodeShare.wholeNode(p3);
    int[] ashaEpochs = ashaEpochsPerTrial();
    double expectedAsha = (double) sum(ashaEpochs) / TRIALS;
    EpochTimes cpu = EpochTimes.from(cpuSeconds).orElseThrow();

    System.out.println("## Inputs");
    System.out.printf(Locale.ROOT, "- CPU seconds per epoch: %d epochs recorded, p10-p90 %s (%s)%n", cpuSeconds.size(),
        cpu.render(), from);
    System.out.printf(Locale.ROOT, "- V100 speed-up over this 2-core CPU: %.0fx headline; sensitivity 3x, 10x, 70x "
        + "(70x = 14 TFLOP/s fp32 / ~200 GFLOP/s TF matmul ceiling here; the small MLP reaches 7-20 %% of the CPU "
        + "ceiling and fixed per-step and checkpoint costs do not speed up, so 3-10x is the realistic band)%n",
        HEADLINE_SPEEDUP);
    System.out.printf(Locale.ROOT, "- sweep: %d trials x %d epochs; ASHA epochs from BENCHMARKS.md (%d trials: %d "
        + "epochs without, %d with ASHA, %d pruned; rungs 1 and 3 give %s trials stopping at 1 / 3 / 9 epochs), "
        + "doubled: %d epochs, %.3f per trial (ratio %.3f)%n", TRIALS, EPOCHS, BENCH_TRIALS, BENCH_EPOCHS_FULL,
        BENCH_EPOCHS_ASHA, BENCH_PRUNED, countsText(ashaEpochs, 2), sum(ashaEpochs), expectedAsha,
        (double) BENCH_EPOCHS_ASHA / BENCH_EPOCHS_FULL);
    System.out.printf(Locale.ROOT, "- start-up per attempt: %.0f s; checkpoint every epoch; at most %d attempts%n",
        STARTUP_SECONDS, ATTEMPTS);
    System.out.printf(Locale.ROOT, "- prices: %s %s on-demand $%.2f/h, spot reference $%.3f/h (%s); %s%n", GPU_TYPE,
        REGION, p3.onDemandPerHour(), p3.spotReferencePerHour(), prices.dated(), prices.source());
    System.out.printf(Locale.ROOT, "- spot reclaims: %.0f %%/instance-hour (pessimistic), a reclaim loses the work "
        + "since the last epoch checkpoint and the start-up, the retry starts again; %d simulated sweeps, seed %d%n%n",
        100 * RECLAIMS_PER_HOUR, SWEEPS, SEED);

    Scenario headline = new Scenario(HEADLINE_SPEEDUP, 1, p3.spotReferencePerHour(), RECLAIMS_PER_HOUR);
    Result naive = simulate(headline, cpuSeconds, p3, whole, Market.ON_DEMAND, uniform(EPOCHS));
    Result defaults = simulate(headline, cpuSeconds, p3, packed, Market.SPOT, ashaEpochs);
    EpochTimes gpu = cpu.fasterBy(HEADLINE_SPEEDUP);

    System.out.println("## Estimates (CostEstimate, before the sweep)");
    System.out.println("naive:");
    System.out.println(CostEstimate.of(TRIALS, Range.of(EPOCHS), OptionalDouble.empty(), Optional.of(gpu),
        STARTUP_SECONDS, Placement.on(new InstanceOption(p3, whole), Market.ON_DEMAND), STATED)
        .map(CostEstimate::render).orElseThrow());
    System.out.println("defaults:");
    System.out.println(CostEstimate.of(TRIALS, Range.of(EPOCHS), OptionalDouble.of(expectedAsha / EPOCHS),
        Optional.of(gpu), STARTUP_SECONDS, Placement.on(new InstanceOption(p3, packed), Market.SPOT), STATED)
        .map(CostEstimate::render).orElseThrow());
    System.out.println();
    System.out.println("## Actuals (SweepUsage of simulated attempts, one sweep)");
    System.out.println("naive:    " + naive.example.render());
    System.out.println("defaults: " + defaults.example.render());
    System.out.println();

    System.out.printf(Locale.ROOT, "## The reference sweep at %.0fx (mean of %d simulated sweeps)%n%n",
        HEADLINE_SPEEDUP, SWEEPS);
    System.out.println("| | market | trials per p3.8xlarge | epochs trained | attempts (lost) | instance-hours "
        + "| GPU-hours | $ | vs naive |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    row("naive", "on-demand", whole, naive, naive);
    row("defaults", "spot", packed, defaults, naive);
    System.out.printf(Locale.ROOT, "%nlost to reclaims (defaults): %.1f %% of its dollars; failed trials: %.2f per "
        + "sweep%n", 100 * defaults.lostShare, defaults.failedTrials);
    System.out.printf(Locale.ROOT, "packing check (defaults, %d nodes x 4 slots, trials in random order, each node "
        + "billed from its first start to its last stop, no reclaims): %.3f node-billed / share-accounted "
        + "instance-hours (%.3f with 1000x longer epochs)%n", SPOT_NODES, packingRatio(headline, cpuSeconds,
        ashaEpochs), packingRatio(new Scenario(HEADLINE_SPEEDUP, 1000, p3.spotReferencePerHour(), RECLAIMS_PER_HOUR),
        cpuSeconds, ashaEpochs));
    System.out.printf(Locale.ROOT, "goal defaults <= 25 %% of naive: %s (%.1f %%)%n%n",
        defaults.dollars <= 0.25 * naive.dollars ? "met" : "NOT met", 100 * defaults.dollars / naive.dollars);

    System.out.println("## Sensitivity (defaults $ / naive $)");
    System.out.println();
    System.out.println("| V100 speed-up | epoch length | spot price | reclaims/h | naive $ | defaults $ | ratio |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (double dataScale : new double[] {1, 1000}) {
      for (double speedup : new double[] {3, 10, 70}) {
        sensitivity(new Scenario(speedup, dataScale, p3.spotReferencePerHour(), RECLAIMS_PER_HOUR), cpuSeconds, p3,
            packed, whole, ashaEpochs, "reference");
      }
    }
    for (double dataScale : new double[] {1, 1000}) {
      sensitivity(new Scenario(HEADLINE_SPEEDUP, dataScale, 0.30 * p3.onDemandPerHour(), RECLAIMS_PER_HOUR),
          cpuSeconds, p3, packed, whole, ashaEpochs, "30 % of on-demand");
      sensitivity(new Scenario(HEADLINE_SPEEDUP, dataScale, p3.onDemandPerHour(), RECLAIMS_PER_HOUR), cpuSeconds, p3,
          packed, whole, ashaEpochs, "= on-demand");
      sensitivity(new Scenario(HEADLINE_SPEEDUP, dataScale, p3.spotReferencePerHour(), 0.5), cpuSeconds, p3, packed,
          whole, ashaEpochs, "reference");
    }
  }

  /** One set of assumptions: speed-up, epochs {@code dataScale} times longer (more rows), spot price, reclaims. */
  private record Scenario(double speedup, double dataScale, double spotPerHour, double reclaimsPerHour) {}

  /** Means over the simulated sweeps, and one sweep's usage to print. */
  private record Result(double epochs, double attempts, double lostAttempts, double instanceHours, double gpuHours,
      double dollars, double lostShare, double failedTrials, SweepUsage example) {}

  private static void row(String name, String market, NodeShare share, Result r, Result naive) {
    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.1f (%.1f) | %.3f | %.3f | %.2f | %.1f %% |%n", name,
        market, share.trialsPerNode(), r.epochs, r.attempts, r.lostAttempts, r.instanceHours, r.gpuHours, r.dollars,
        100 * r.dollars / naive.dollars);
  }

  private static void sensitivity(Scenario s, List<Double> cpuSeconds, InstancePrice p3, NodeShare packed,
      NodeShare whole, int[] ashaEpochs, String spotLabel) {
    InstancePrice priced = new InstancePrice(p3.region(), p3.instanceType(), p3.vcpus(), p3.memoryMib(), p3.gpus(),
        p3.onDemandPerHour(), s.spotPerHour(), p3.dated());
    Result naive = simulate(s, cpuSeconds, priced, whole, Market.ON_DEMAND, uniform(EPOCHS));
    Result defaults = simulate(s, cpuSeconds, priced, packed, Market.SPOT, ashaEpochs);
    EpochTimes gpu = EpochTimes.from(cpuSeconds).orElseThrow().fasterBy(s.speedup() / s.dataScale());
    System.out.printf(Locale.ROOT, "| %.0fx | %s%s | %s ($%.2f/h) | %.0f %% | %.2f | %.2f | %.1f %% |%n", s.speedup(),
        gpu.render(), s.dataScale() == 1 ? " (measured)" : String.format(Locale.ROOT, " (%.0fx rows)", s.dataScale()),
        spotLabel, s.spotPerHour(), 100 * s.reclaimsPerHour(), naive.dollars, defaults.dollars,
        100 * defaults.dollars / naive.dollars);
  }

  /**
   * Simulates {@link #SWEEPS} sweeps: every trial draws each epoch's seconds from the recorded ones
   * (scaled), runs attempts on its share of a node, and on spot is reclaimed at the stated rate; the
   * attempts go through {@link SweepUsage}, the library's actuals.
   */
  private static Result simulate(Scenario s, List<Double> cpuSeconds, InstancePrice price, NodeShare share,
      Market market, int[] epochsPerTrial) {
    Random random = new Random(SEED);
    double scale = s.dataScale() / s.speedup();
    double epochs = 0;
    double attempts = 0;
    double lost = 0;
    double hours = 0;
    double gpuHours = 0;
    double dollars = 0;
    double lostDollars = 0;
    double failed = 0;
    SweepUsage example = null;
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
      List<AttemptUsage> usage = new ArrayList<>();
      Instant clock = Instant.parse("2026-12-07T00:00:00Z");
      for (int trial = 0; trial < TRIALS; trial++) {
        double[] epochSeconds = new double[epochsPerTrial[trial]];
        for (int e = 0; e < epochSeconds.length; e++) {
          epochSeconds[e] = cpuSeconds.get(random.nextInt(cpuSeconds.size())) * scale;
        }
        int done = 0;
        for (int attempt = 1; attempt <= ATTEMPTS && done < epochSeconds.length; attempt++) {
          double needed = STARTUP_SECONDS;
          for (int e = done; e < epochSeconds.length; e++) {
            needed += epochSeconds[e];
          }
          double reclaimAt = market == Market.SPOT && s.reclaimsPerHour() > 0
              ? -Math.log(1 - random.nextDouble()) * 3600 / s.reclaimsPerHour() : Double.POSITIVE_INFINITY;
          double ran;
          Fate fate;
          if (reclaimAt >= needed) {
            ran = needed;
            epochs += epochSeconds.length - done;
            done = epochSeconds.length;
            fate = Fate.ENDED_TRIAL;
          } else {
            ran = reclaimAt;
            double t = STARTUP_SECONDS;
            while (done < epochSeconds.length && t + epochSeconds[done] <= reclaimAt) {
              t += epochSeconds[done];
              done++;
              epochs++;
            }
            fate = attempt == ATTEMPTS ? Fate.ENDED_TRIAL : Fate.LOST;
            if (attempt == ATTEMPTS) {
              failed++;
            }
          }
          Instant stop = clock.plusNanos(Math.round(ran * 1e9));
          usage.add(AttemptUsage.of("t" + trial, clock, stop, new InstanceOption(price, share), market, fate));
          clock = stop;
        }
      }
      SweepUsage u = SweepUsage.of(usage, true);
      if (example == null) {
        example = u;
      }
      attempts += u.attempts();
      lost += u.lostAttempts();
      hours += u.instanceHours();
      gpuHours += u.gpuHours();
      dollars += u.dollars();
      lostDollars += u.lostDollars();
    }
    return new Result(epochs / SWEEPS, attempts / SWEEPS, lost / SWEEPS, hours / SWEEPS, gpuHours / SWEEPS,
        dollars / SWEEPS, dollars == 0 ? 0 : lostDollars / dollars, failed / SWEEPS, example);
  }

  /**
   * Node-level billing against share accounting for the defaults: trials in a random order onto
   * {@link #SPOT_NODES} nodes of 4 slots, each trial on the earliest free slot; a node is billed from its
   * first trial's start to its last trial's end (idle slots in between and at the tail are paid for).
   */
  private static double packingRatio(Scenario s, List<Double> cpuSeconds, int[] epochsPerTrial) {
    Random random = new Random(SEED);
    double scale = s.dataScale() / s.speedup();
    double billed = 0;
    double shared = 0;
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
      List<Integer> order = new ArrayList<>();
      for (int t = 0; t < TRIALS; t++) {
        order.add(t);
      }
      Collections.shuffle(order, random);
      double[] slotFree = new double[SPOT_NODES * 4];
      double[] nodeLastStop = new double[SPOT_NODES];
      for (int t : order) {
        double duration = STARTUP_SECONDS;
        for (int e = 0; e < epochsPerTrial[t]; e++) {
          duration += cpuSeconds.get(random.nextInt(cpuSeconds.size())) * scale;
        }
        int slot = 0;
        for (int i = 1; i < slotFree.length; i++) {
          if (slotFree[i] < slotFree[slot]) {
            slot = i;
          }
        }
        slotFree[slot] += duration;
        nodeLastStop[slot / 4] = Math.max(nodeLastStop[slot / 4], slotFree[slot]);
        shared += duration / 4;
      }
      for (double stop : nodeLastStop) {
        billed += stop; // every node starts at 0 (all slots are busy from the start: 64 trials > 16 slots)
      }
    }
    return billed / shared;
  }

  /**
   * Epochs per trial with ASHA, from BENCHMARKS.md's counts: rungs at epochs 1 and 3 of 9, so a pruned
   * trial ran 1 or 3 epochs and a kept one 9: a + b = pruned, a + 3b + 9c = epochs, c = trials - pruned.
   * 32 trials: c = 5, b = (92 - 45 - 27) / 2 = 10, a = 17. Scaled to 64 trials (x2).
   */
  static int[] ashaEpochsPerTrial() {
    int kept = BENCH_TRIALS - BENCH_PRUNED;
    int atThree = (BENCH_EPOCHS_ASHA - EPOCHS * kept - BENCH_PRUNED) / 2;
    int atOne = BENCH_PRUNED - atThree;
    if (atOne + 3 * atThree + EPOCHS * kept != BENCH_EPOCHS_ASHA || atOne < 0 || atThree < 0) {
      throw new IllegalStateException("the ASHA counts do not fit rungs at 1 and 3");
    }
    int factor = TRIALS / BENCH_TRIALS;
    int[] epochs = new int[TRIALS];
    int i = 0;
    for (int n = 0; n < atOne * factor; n++) {
      epochs[i++] = 1;
    }
    for (int n = 0; n < atThree * factor; n++) {
      epochs[i++] = 3;
    }
    while (i < TRIALS) {
      epochs[i++] = EPOCHS;
    }
    return epochs;
  }

  private static String countsText(int[] epochs, int divide) {
    int ones = 0;
    int threes = 0;
    int nines = 0;
    for (int e : epochs) {
      if (e == 1) {
        ones++;
      } else if (e == 3) {
        threes++;
      } else {
        nines++;
      }
    }
    return (ones / divide) + " / " + (threes / divide) + " / " + (nines / divide);
  }

  private static int[] uniform(int epochs) {
    int[] all = new int[TRIALS];
    java.util.Arrays.fill(all, epochs);
    return all;
  }

  private static int sum(int[] values) {
    int s = 0;
    for (int v : values) {
      s += v;
    }
    return s;
  }

  /** Wall seconds of each epoch of a local sweep: differences of {@code elapsedSeconds} in its epoch files. */
  static List<Double> readEpochSeconds(Path sweepDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Double> seconds = new ArrayList<>();
    List<Path> trials;
    try (Stream<Path> list = Files.list(sweepDir.resolve("trials"))) {
      trials = list.filter(Files::isDirectory).sorted().toList();
    }
    for (Path trial : trials) {
      Path metrics = trial.resolve("metrics");
      if (!Files.isDirectory(metrics)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> list = Files.list(metrics)) {
        files = list.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.json")).sorted().toList();
      }
      double previous = 0;
      for (Path file : files) {
        double elapsed = json.readTree(file.toFile()).get("elapsedSeconds").asDouble();
        seconds.add(elapsed - previous);
        previous = elapsed;
      }
    }
    if (seconds.isEmpty()) {
      throw new IllegalArgumentException("no trials/*/metrics/epoch-*.json under " + sweepDir);
    }
    return seconds;
  }
}
