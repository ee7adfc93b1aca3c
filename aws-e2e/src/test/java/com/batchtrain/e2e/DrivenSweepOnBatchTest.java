package com.batchtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.testsupport.batch.JobStatus;
import com.batchtrain.testsupport.batch.JobView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code method: bayes} with ASHA and {@code max_parallel} on the emulated account: the driver
 * (the real CLI, on the user's machine) submits one plain job per trial as slots free up, is killed
 * with SIGKILL mid-sweep, and {@code drive} continues from the journal in the results bucket and
 * what ListJobs says: exactly the planned trials run, each submitted once.
 */
class DrivenSweepOnBatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);
  private static final int TRIALS = 8;

  @Test
  void aBayesSweepSurvivesItsDriverKilledAndRunsEveryPlannedTrialOnce() throws Exception {
    EmulatedAwsAccount aws = EmulatedAwsAccount.get();
    Path spec = bayesSpec(aws, "bayes-sweep", TRIALS, 4, 4, 3);
    Cli cli = aws.cli("bayes-sweep");
    Cli.Started driver = cli.start("sweep", spec.toString(), "--driver", "here", "--poll", "1");
    String id = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
    // Killed once more trials were submitted than fit in flight (the account runs two containers at a
    // time, so two of the four wait): a trial ended and the driver proposed from its result.
    while (System.nanoTime() < deadline && driver.process().isAlive()) {
      Thread.sleep(200);
      Matcher m = SWEEP_LINE.matcher(driver.outSoFar());
      if (id == null && m.find()) {
        id = m.group(1);
      }
      if (id != null && trialJobs(aws, id).size() >= 5) {
        break;
      }
    }
    Cli.Started first = driver;
    assertTrue(first.process().isAlive(), () -> "the driver ended before it could be killed:\n" + result(first));
    driver.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    int atKill = trialJobs(aws, id).size();
    assertTrue(atKill < TRIALS, "killed before every trial was submitted: " + atKill);

    Cli.Result drive = cli.run("drive", id, "--poll", "1");
    assertEquals(0, drive.exitCode(), drive + "\n--- first driver\n" + driver.result());
    assertTrue(drive.out().contains("continuing from the journal"), drive.out());
    // A trial is done once its manifest is published; its container may take a moment more to exit.
    aws.awaitSweep(id, java.time.Duration.ofMinutes(2));

    Map<String, List<JobView>> byName = trialJobs(aws, id).stream().collect(Collectors.groupingBy(JobView::name, TreeMap::new,
        Collectors.toList()));
    assertEquals(TRIALS, byName.size(), "one job name per planned trial: " + byName.keySet());
    for (Map.Entry<String, List<JobView>> e : byName.entrySet()) {
      assertEquals(1, e.getValue().size(), "jobs named " + e.getKey());
      JobView job = e.getValue().get(0);
      assertEquals(JobStatus.SUCCEEDED, job.status(), aws.logs(job));
      assertEquals(1, job.attempts().size(), "a pruned or finished trial is not retried: " + aws.logs(job));
    }
    for (int i = 0; i < TRIALS; i++) {
      String key = "sweeps/" + id + "/trials/t000" + i + "/manifest.json";
      JsonNode manifest = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket).key(key)).asByteArray());
      assertTrue(manifest.path("metrics").has("val_loss"), manifest.toString());
    }
    Cli.Result status = cli.run("status", id);
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().contains("driver: " + TRIALS + " of " + TRIALS + " trials proposed, 0 in flight, " + TRIALS
        + " ended"), status.out());
    Cli.Result results = cli.run("results", id, "--format", "json");
    assertEquals(TRIALS, JSON.readTree(results.out()).path("leaderboard").size(), results.out());
  }

  /**
   * A bayes sweep with ASHA of the shell example trainer (from the static EFS volume, where trials
   * can run it) over a dataset of its own in the datasets bucket.
   */
  private static Path bayesSpec(EmulatedAwsAccount aws, String name, int trials, int maxParallel, int epochs, int seed)
      throws java.io.IOException {
    return shellTrainerSpec(aws, name, """
        method: bayes
        max_trials: %d
        max_parallel: %d
        seed: %d
        early_stopping: {method: asha, grace: 1, reduction: 2}
        parameters:
          learning_rate: {min: 0.01, max: 0.8, distribution: log_uniform}
          epochs: {value: %d}
          pause_seconds: {value: 1}
        """.formatted(trials, maxParallel, seed, epochs));
  }

  /**
   * A sweep of the shell example trainer (from the static EFS volume, where trials can run it) over a
   * dataset of its own in the datasets bucket, on the CPU queue; {@code search} is its method and parameters.
   */
  private static Path shellTrainerSpec(EmulatedAwsAccount aws, String name, String search) throws java.io.IOException {
    Files.copy(aws.root.resolve("examples/shell-trainer/train.sh"), aws.onStaticVolume("trainers/shell/train.sh"),
        StandardCopyOption.REPLACE_EXISTING);
    String data = aws.dataset("shared/calcloud/" + name + ".csv", 2000);
    return aws.spec(name, """
        name: %s
        trainer:
          command: [sh, /static/trainers/shell/train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: %s
        objective: {metric: val_loss, goal: minimize}
        queue: cpu
        resources: {vcpus: 1, memory_mib: 1024}
        timeout: 30m
        """.formatted(name, data) + search);
  }

  private static String result(Cli.Started s) {
    try {
      return s.result().toString();
    } catch (java.io.IOException | IllegalThreadStateException e) {
      return "(no result: " + e + ")";
    }
  }

  /**
   * The driver as a Batch job (the default): {@code sweep} submits it and returns; its container (the
   * CLI from the image's own layers, reaching Batch through the endpoint the account gives jobs) is
   * killed with SIGKILL mid-sweep; Batch retries it (the driver's rule retries every failure but bad
   * input), the retry reads the journal, and the sweep ends with exactly the planned trials.
   */
  @Test
  void aDriverRunningAsABatchJobKilledMidSweepIsRetriedAndFinishesTheSweep() throws Exception {
    EmulatedAwsAccount aws = EmulatedAwsAccount.get();
    int trials = 4;
    Path spec = bayesSpec(aws, "bayes-job", trials, 2, 3, 5);
    Cli cli = aws.cli("bayes-job");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    Matcher m = Pattern.compile("submitted driver job (\\S+)").matcher(sweep.out());
    assertTrue(m.find(), sweep.out());
    String driverJob = m.group(1);

    ProcessHandle driver = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
    while (System.nanoTime() < deadline && driver == null) {
      Thread.sleep(200);
      if (trialJobs(aws, id).size() >= 3) {
        // The driver's own JVM, not the unshare that runs the container: killing that alone would leave
        // the JVM running as an orphan beside Batch's retry (a container's processes die together).
        driver = ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)
            && p.info().arguments().map(a -> List.of(a).contains("drive") && List.of(a).contains(id)).orElse(false))
            .findFirst().orElse(null);
      }
    }
    assertTrue(driver != null, "the driver job never submitted a third trial: " + aws.logs(aws.emulator.job(driverJob)));
    driver.destroyForcibly();

    assertEquals(JobStatus.SUCCEEDED, aws.await(driverJob, JobStatus.SUCCEEDED), aws.logs(aws.emulator.job(driverJob)));
    JobView job = aws.emulator.job(driverJob);
    assertEquals(2, job.attempts().size(), "killed once, retried once: " + aws.logs(job));
    aws.awaitSweep(id, java.time.Duration.ofMinutes(2));
    String retry = job.attempts().get(1).output();
    assertTrue(retry.contains("continuing from the journal"), retry);
    Map<String, List<JobView>> byName = trialJobs(aws, id).stream().collect(Collectors.groupingBy(JobView::name, TreeMap::new,
        Collectors.toList()));
    assertEquals(trials, byName.size(), "one job name per planned trial: " + byName.keySet());
    for (Map.Entry<String, List<JobView>> e : byName.entrySet()) {
      assertEquals(1, e.getValue().size(), () -> "jobs named " + e.getKey() + ":\n"
          + e.getValue().stream().map(aws::logs).collect(Collectors.joining("\n")) + "\n--- driver\n" + aws.logs(job));
      assertEquals(JobStatus.SUCCEEDED, e.getValue().get(0).status(), aws.logs(e.getValue().get(0)));
    }
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().contains("driver: " + trials + " of " + trials + " trials proposed, 0 in flight, " + trials
        + " ended"), status.out());
    assertTrue(status.out().contains("driver job " + driverJob + " succeeded (2 attempts)"), status.out());
  }

  /**
   * A grid sweep's max_parallel held on Batch: with {@code max_parallel: 1} its driver submits the planned
   * trials one by one, in the grid's order, so no two trials' attempts overlap; the same grid without it is
   * one array job whose children run side by side (the account runs two containers at a time).
   */
  @Test
  void aGridSweepWithMaxParallelOnBatchNeverRunsMoreTrialsAtOnce() throws Exception {
    EmulatedAwsAccount aws = EmulatedAwsAccount.get();
    String grid = """
        method: grid
        parameters:
          learning_rate: {values: [0.3, 0.1, 0.2]}
          epochs: {value: 2}
          pause_seconds: {value: 1}
        """;
    Cli cli = aws.cli("grid-parallel");
    Cli.Result held = cli.run("sweep", shellTrainerSpec(aws, "grid-held", grid + "max_parallel: 1\n").toString(),
        "--driver", "here", "--poll", "1");
    assertEquals(0, held.exitCode(), held.toString());
    assertTrue(held.out().contains("driving " + held.sweepId() + ": 3 trial(s) by grid search, 1 in flight"), held.out());
    List<JobView> heldJobs = trialJobs(aws, held.sweepId());
    assertEquals(List.of("t0000", "t0001", "t0002"), heldJobs.stream().map(j -> j.name().substring(j.name().lastIndexOf('-') + 1))
        .sorted().toList(), "one plain job per trial: " + heldJobs);
    for (JobView j : heldJobs) {
      assertEquals(JobStatus.SUCCEEDED, j.status(), aws.logs(j));
      assertEquals(1, j.attempts().size(), aws.logs(j));
    }
    assertEquals(1, mostAtOnce(heldJobs), "max_parallel 1: " + heldJobs);
    // The grid's order: trial i trained learning_rate values[i].
    String trialsKey = "sweeps/" + held.sweepId() + "/trials.json";
    JsonNode trials = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket).key(trialsKey)).asByteArray());
    assertEquals(List.of(0.3, 0.1, 0.2), java.util.stream.StreamSupport.stream(trials.path("trials").spliterator(), false)
        .map(t -> t.path("hyperparameters").path("learning_rate").asDouble()).toList(), trials.toString());

    Cli.Result array = cli.run("sweep", shellTrainerSpec(aws, "grid-array", grid).toString());
    assertEquals(0, array.exitCode(), array.toString());
    aws.awaitSweep(array.sweepId(), java.time.Duration.ofMinutes(3));
    List<JobView> children = aws.jobsOf(array.sweepId()).stream().flatMap(j -> j.children().stream())
        .map(aws.emulator::job).toList();
    assertEquals(3, children.size(), children.toString());
    assertEquals(2, mostAtOnce(children), "an array job's children run as the account allows: " + children);
  }

  /** The most attempts of {@code jobs} that ran at one moment. */
  private static int mostAtOnce(List<JobView> jobs) {
    List<long[]> spans = jobs.stream().flatMap(j -> j.attempts().stream()).map(a -> new long[] {a.startedAt(), a.stoppedAt()})
        .toList();
    int most = 0;
    for (long[] s : spans) {
      // Attempts running when this one started (an attempt that stopped as it started does not count).
      int running = (int) spans.stream().filter(o -> o[0] <= s[0] && o[1] > s[0]).count();
      most = Math.max(most, running);
    }
    return most;
  }

  /** The sweep's trial jobs on the account (not its staging job or its driver job). */
  private static List<JobView> trialJobs(EmulatedAwsAccount aws, String id) {
    return aws.jobsOf(id).stream().filter(j -> !j.name().endsWith("-stage") && !j.name().endsWith("-driver")).toList();
  }
}
