package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TensorFlow's thread pools, as created in a real training JVM, follow {@code BT_VCPUS}.
 *
 * <p>How they are seen: TF 2.18 (TF Java 1.1.0) does not name its threads for the OS, so each one's
 * {@code /proc/<pid>/task/<tid>/comm} is the process's own, {@code java}, like the launcher's two
 * threads (primordial and main); every thread the JVM starts has its own name ({@code GC Thread#0},
 * {@code JavaCPP Dealloc}, ...). gdb on such a JVM shows every other {@code java} thread in
 * {@code Eigen::ThreadPoolTempl<tsl::thread::EigenEnvironment>::WorkerLoop}: the intra-op pool, the
 * inter-op pool and one single-thread pool that does not depend on the settings (measured: intra
 * 1/6/16 with inter 1/2/3 gave 3 + intra + inter {@code java} threads, on 1 or 2 cores alike, and
 * TF's own default on this 2-core machine 2 + 2). The pools are created with the first session and
 * live until the JVM exits, so the count is flat while it trains.
 */
@EnabledOnOs(OS.LINUX)
class TensorFlowThreadsTest {
  /** Launcher's primordial + main thread, and TF's settings-independent single-thread pool. */
  private static final int OTHER_UNNAMED_THREADS = 3;

  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void data() throws IOException {
    data = TrainingFixtures.calcloudCsv(dir, 2000, 4);
  }

  @Test
  void oneVcpuGivesOneIntraOpAndOneInterOpThread() throws Exception {
    Observed o = train("one", List.of(), Map.of("BT_VCPUS", "1"));
    assertTrue(o.output.contains("TensorFlow thread pools: intra-op 1, inter-op 1 (BT_VCPUS=1)"), o.output);
    assertEquals(OTHER_UNNAMED_THREADS + 1 + 1, o.tfThreads, o.toString());
  }

  @Test
  void sixVcpusGiveSixIntraOpAndTwoInterOpThreadsOnATwoCoreHost() throws Exception {
    Observed o = train("six", List.of(), Map.of("BT_VCPUS", "6"));
    assertTrue(o.output.contains("TensorFlow thread pools: intra-op 6, inter-op 2 (BT_VCPUS=6)"), o.output);
    assertEquals(OTHER_UNNAMED_THREADS + 6 + 2, o.tfThreads, o.toString());
  }

  /** Unset: the JVM's view of the machine (here narrowed to 5 processors), not TF's default (the host's cores). */
  @Test
  void withoutBtVcpusThePoolsFollowTheProcessorsTheJvmSees() throws Exception {
    Observed o = train("unset", List.of("-XX:ActiveProcessorCount=5"), Map.of());
    assertTrue(o.output.contains("TensorFlow thread pools: intra-op 5, inter-op 2 (BT_VCPUS unset: the 5 processor(s) this JVM sees)"),
        o.output);
    assertEquals(OTHER_UNNAMED_THREADS + 5 + 2, o.tfThreads, o.toString());
  }

  /** Through the real entrypoint: exit 64, the message names the variable, nothing read or written. */
  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "x", "1.5"})
  void aBadBtVcpusIsBadInputNamingTheVariable(String value) throws Exception {
    Path results = dir.resolve("bad-results");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("bad.log"), Map.of("BT_VCPUS", value), "train",
        "--preset", "calcloud-memory-bin", "--data", TrainingFixtures.fileUri(dir.resolve("no-such-data.csv")),
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("bad-runs").toString());
    // A missing dataset would be 65: the variable is checked before any data is looked at.
    assertEquals(64, r.exitCode(), r.output());
    assertTrue(r.output().contains("bad_input (exit 64): BT_VCPUS: expected a positive integer (the trial's vCPU reservation), "
        + "at most 1024, got '" + value + "'"), r.output());
    assertEquals(0, TrainingFixtures.fileCount(results));
    assertEquals(0, TrainingFixtures.fileCount(dir.resolve("bad-runs")));
  }

  private record Observed(int tfThreads, Map<Integer, Integer> samplesByCount, String output) {
    @Override
    public String toString() {
      return "unnamed ('java') threads -> samples: " + samplesByCount + "\n--- output\n" + output;
    }
  }

  /**
   * Trains to the end (so the whole pipeline ran with these pools) while sampling the child's
   * threads; returns the count seen during training (from the first epoch's log line to the
   * checkpoint selection). A thread the JVM starts is briefly unnamed too (it inherits its
   * creator's comm until the JVM names it), so a rare sample may read one more: the count taken is
   * the one nearly every training sample shows.
   */
  private static Observed train(String name, List<String> jvmOptions, Map<String, String> env) throws Exception {
    Path results = dir.resolve(name + "-results");
    Path log = dir.resolve(name + ".log");
    RuntimeProcess p = RuntimeProcess.start(log, jvmOptions, env, "train", "--preset", "calcloud-memory-bin",
        "--data", TrainingFixtures.fileUri(data), "--results", TrainingFixtures.fileUri(results),
        "--checkpoint-root", dir.resolve(name + "-runs").toString(),
        "--hp", "epochs=3", "--hp", "batch_size=32", "--hp", "hidden_units=16,16");
    long pid = p.process().pid();
    Map<Integer, Integer> training = new TreeMap<>();
    int samples = 0;
    while (p.process().isAlive()) {
      String out = p.output();
      boolean inTraining = out.contains("epoch 1/3") && !out.contains("selected checkpoint");
      int n = unnamedThreads(pid);
      if (inTraining && n >= 0) {
        training.merge(n, 1, Integer::sum);
        samples++;
      }
      Thread.sleep(20);
    }
    RuntimeProcess.Result r = p.await(5);
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(Files.exists(results.resolve("sweeps/local/trials/t0000/manifest.json")), r.output());
    assertTrue(samples >= 5, "too few samples during training: " + training + "\n" + r.output());
    Map.Entry<Integer, Integer> mode = training.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    assertTrue(mode.getValue() >= 0.9 * samples, "no steady unnamed thread count during training: " + training);
    System.out.printf("TensorFlowThreadsTest %s: env %s, JVM options %s -> %d unnamed threads (training samples by count: %s)%n",
        name, env, jvmOptions, mode.getKey(), training);
    return new Observed(mode.getKey(), training, r.output());
  }

  /** Threads of {@code pid} whose comm is the process's ({@code java}); -1 when it has exited. */
  private static int unnamedThreads(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> s = Files.list(tasks)) {
      int n = 0;
      for (Path t : s.toList()) {
        try {
          if (Files.readString(t.resolve("comm")).strip().equals("java")) {
            n++;
          }
        } catch (IOException gone) {
          // a thread that ended between the listing and the read (ENOENT or, as /proc says it, ESRCH)
        }
      }
      return n;
    } catch (NoSuchFileException exited) {
      return -1;
    } catch (IOException e) {
      if (!Files.exists(tasks)) {
        return -1;
      }
      throw new UncheckedIOException(e);
    }
  }
}
