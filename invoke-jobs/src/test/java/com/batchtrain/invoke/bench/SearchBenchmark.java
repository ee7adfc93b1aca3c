package com.batchtrain.invoke.bench;

import com.batchtrain.invoke.search.GpSampler;
import com.batchtrain.invoke.search.Observation;
import com.batchtrain.invoke.search.RandomSampler;
import com.batchtrain.invoke.search.Sampler;
import com.batchtrain.invoke.search.Samplers;
import com.batchtrain.invoke.search.SearchSpace;
import com.batchtrain.invoke.search.TpeSampler;
import com.batchtrain.invoke.spec.Distribution;
import com.batchtrain.invoke.spec.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Benchmark (not a test): which sampler {@code method: bayes} uses. Minimises Branin (2-D) and
 * Hartmann6 (6-D), whose optima are known, with each sampler, one trial in flight (sequential) and
 * four (asynchronous: four proposals pending; each step the oldest finishes and the next proposal sees
 * the other three as running). Prints the median over seeds of the best value after 8, 16, 32 and 64
 * trials, the goal check (bayes within 32 trials reaches random's median best of 64), and the mean
 * time of one proposal with 64 and with 500 finished trials (the driver's overhead per trial).
 *
 * <p>Usage: {@code SearchBenchmark [seeds=20]}; run by bench/invoke-jobs/search.sh.
 */
public final class SearchBenchmark {
  private static final int[] CHECKPOINTS = {8, 16, 32, 64};
  private static final int TRIALS = 64;
  private static final int GOAL_TRIALS = 32;

  private SearchBenchmark() {}

  /** A function to minimise over a space, with its known minimum. */
  record Problem(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double minimum) {}

  record Contender(String name, Sampler sampler) {}

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<Problem> problems = List.of(branin(), hartmann6());
    String bayes = Samplers.forBayes().toString();
    List<Contender> contenders = new ArrayList<>();
    for (Sampler s : List.of(new RandomSampler(), new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, false),
        new TpeSampler(TpeSampler.DEFAULT_STARTUP_TRIALS, true), new GpSampler(TpeSampler.DEFAULT_STARTUP_TRIALS),
        new GpSampler(GpSampler.DEFAULT_STARTUP_TRIALS))) {
      contenders.add(new Contender(s.toString().equals(bayes) ? s + " = bayes" : s.toString(), s));
    }
    if (contenders.stream().noneMatch(c -> c.name().endsWith("= bayes"))) {
      contenders.add(new Contender(bayes + " = bayes", Samplers.forBayes()));
    }
    // The functions as coded reach their published minima at the published minimisers.
    System.out.printf("check: branin(pi, 2.275) = %.6f, hartmann6(x*) = %.5f%n", branin(Math.PI, 2.275),
        hartmann6(new double[] {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}));
    System.out.printf("median over %d seeds of the best value found after N trials (lower is better; a sampler's"
        + " startup trials are the random sampler's draws)%n%n", seeds);
    System.out.println("| function (min) | in flight | sampler | N=8 | N=16 | N=32 | N=64 |");
    System.out.println("|---|---|---|---|---|---|---|");
    List<String> goals = new ArrayList<>();
    boolean allMet = true;
    for (Problem problem : problems) {
      for (int inFlight : new int[] {1, 4}) {
        double randomAt64 = Double.NaN;
        for (Contender c : contenders) {
          double[] medians = medianBest(problem, c.sampler(), inFlight, seeds);
          System.out.printf("| %s (%.6g) | %d | %s | %s | %s | %s | %s |%n", problem.name(), problem.minimum(), inFlight,
              c.name(), f(medians[0]), f(medians[1]), f(medians[2]), f(medians[3]));
          if (c.sampler() instanceof RandomSampler) {
            randomAt64 = medians[3];
          }
          if (c.name().endsWith("= bayes")) {
            double bayesAt32 = medians[Arrays.binarySearch(CHECKPOINTS, GOAL_TRIALS)];
            boolean met = bayesAt32 <= randomAt64;
            allMet &= met;
            goals.add(String.format("- %s, %d in flight: bayes best of %d = %s %s random best of %d = %s: %s", problem.name(),
                inFlight, GOAL_TRIALS, f(bayesAt32), met ? "<=" : ">", TRIALS, f(randomAt64), met ? "met" : "MISSED"));
          }
        }
      }
    }
    System.out.println();
    System.out.println("goal: bayes (" + bayes + ") reaches random's median best-of-" + TRIALS + " within " + GOAL_TRIALS + " trials");
    goals.forEach(System.out::println);
    System.out.println(allMet ? "goal met on every function and mode" : "goal MISSED on at least one function or mode");
    System.out.println();
    overhead(contenders.subList(1, contenders.size()));
  }

  /** Median over seeds of the best value after each checkpoint. */
  static double[] medianBest(Problem problem, Sampler sampler, int inFlight, int seeds) {
    double[][] best = new double[CHECKPOINTS.length][seeds];
    for (int s = 0; s < seeds; s++) {
      double[] values = run(problem, sampler, inFlight, s);
      double b = Double.POSITIVE_INFINITY;
      int c = 0;
      for (int i = 0; i < values.length; i++) {
        b = Math.min(b, values[i]);
        if (c < CHECKPOINTS.length && i + 1 == CHECKPOINTS[c]) {
          best[c++][s] = b;
        }
      }
    }
    double[] out = new double[CHECKPOINTS.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = median(best[c]);
    }
    return out;
  }

  /**
   * One search of {@link #TRIALS} trials with {@code inFlight} pending: the values in the order the
   * trials finish (oldest pending first, so also proposal order).
   */
  static double[] run(Problem problem, Sampler sampler, int inFlight, long seed) {
    List<Observation> finished = new ArrayList<>();
    Deque<Map<String, Object>> pending = new ArrayDeque<>();
    for (int i = 0; i < TRIALS; i++) {
      if (pending.size() == inFlight) {
        finish(problem, pending, finished);
      }
      Map<String, Object> p = sampler.propose(problem.space(), List.copyOf(finished), new ArrayList<>(pending), trialRandom(seed, i));
      pending.addLast(p);
    }
    while (!pending.isEmpty()) {
      finish(problem, pending, finished);
    }
    return finished.stream().mapToDouble(Observation::value).toArray();
  }

  private static void finish(Problem problem, Deque<Map<String, Object>> pending, List<Observation> finished) {
    Map<String, Object> p = pending.removeFirst();
    finished.add(new Observation(p, problem.f().applyAsDouble(p)));
  }

  /** The driver's per-trial generator: a function of the sweep's seed and the trial index only. */
  static SplittableRandom trialRandom(long seed, int index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
  }

  /** Mean wall time of one proposal on Hartmann6 with 64 and 500 finished trials (random points) and 3 running. */
  static void overhead(List<Contender> contenders) {
    Problem problem = hartmann6();
    System.out.println("| sampler | ms per proposal, 64 finished | ms per proposal, 500 finished |");
    System.out.println("|---|---|---|");
    for (Contender c : contenders) {
      double[] ms = new double[2];
      int[] sizes = {64, 500};
      for (int k = 0; k < sizes.length; k++) {
        SplittableRandom rng = new SplittableRandom(7);
        List<Observation> history = new ArrayList<>();
        for (int i = 0; i < sizes[k]; i++) {
          Map<String, Object> p = RandomSampler.draw(problem.space(), rng);
          history.add(new Observation(p, problem.f().applyAsDouble(p)));
        }
        List<Map<String, Object>> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          running.add(RandomSampler.draw(problem.space(), rng));
        }
        // Warm-up (JIT), then as many timed proposals as fit in about two seconds (at least 3, at most 300).
        long sink = 0;
        for (int i = 0; i < 20; i++) {
          sink += c.sampler().propose(problem.space(), history, running, trialRandom(1, i)).size();
        }
        int timed = 0;
        long t0 = System.nanoTime();
        while (timed < 3 || (timed < 300 && System.nanoTime() - t0 < 2_000_000_000L)) {
          sink += c.sampler().propose(problem.space(), history, running, trialRandom(2, timed)).size();
          timed++;
        }
        ms[k] = (System.nanoTime() - t0) / 1e6 / timed;
        if (sink == 42) {
          System.out.print("");
        }
      }
      System.out.printf("| %s | %.3f | %.3f |%n", c.name(), ms[0], ms[1]);
    }
  }

  static Problem branin() {
    Map<String, Parameter> p = new LinkedHashMap<>();
    p.put("x1", new Parameter.FloatRange(-5, 10, Distribution.UNIFORM));
    p.put("x2", new Parameter.FloatRange(0, 15, Distribution.UNIFORM));
    return new Problem("branin", new SearchSpace(p, Map.of()), t -> branin(x(t, "x1"), x(t, "x2")), 0.397887);
  }

  static double branin(double x1, double x2) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    double q = x2 - b * x1 * x1 + c * x1 - 6;
    return q * q + 10 * (1 - t) * Math.cos(x1) + 10;
  }

  private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] A = {
      {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
  private static final double[][] P = {
      {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
      {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

  static Problem hartmann6() {
    Map<String, Parameter> p = new LinkedHashMap<>();
    for (int j = 1; j <= 6; j++) {
      p.put("x" + j, new Parameter.FloatRange(0, 1, Distribution.UNIFORM));
    }
    return new Problem("hartmann6", new SearchSpace(p, Map.of()), t -> {
      double[] x = new double[6];
      for (int j = 0; j < 6; j++) {
        x[j] = x(t, "x" + (j + 1));
      }
      return hartmann6(x);
    }, -3.32237);
  }

  static double hartmann6(double[] x) {
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      double e = 0;
      for (int j = 0; j < 6; j++) {
        e += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
      }
      sum += ALPHA[i] * Math.exp(-e);
    }
    return -sum;
  }

  private static double x(Map<String, Object> t, String name) {
    return ((Number) t.get(name)).doubleValue();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  private static String f(double v) {
    return String.format("%.4f", v);
  }
}
