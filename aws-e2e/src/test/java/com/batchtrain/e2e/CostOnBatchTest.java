package com.batchtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.testsupport.HeadlessChromium;
import com.batchtrain.testsupport.batch.JobStatus;
import com.batchtrain.testsupport.batch.JobView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * What a sweep costs, on the emulated account: the usage of a finished GPU sweep counted from Batch's
 * job descriptions (each attempt's startedAt/stoppedAt, priced by the compute environment its container
 * instance's cluster belongs to) in status, results and the report's Cost card in a headless browser; the
 * next sweep of the same model and data estimated from it, and refused when its estimate passes its
 * max_cost; a driven sweep stopped by its max_cost with what it spent within it; and a probe that
 * measures a sweep nothing was recorded for. The trainer is the shell example (1 s an epoch), on the GPU
 * spot queue with the defaults for GPU trials (1 GPU, a quarter of a p3.8xlarge).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CostOnBatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(5);
  /** p3.8xlarge in us-east-1 at the shipped table's spot reference ($1.936/h), a quarter of it per trial. */
  private static final double TRIAL_DOLLARS_PER_HOUR = 1.936 / 4;

  private EmulatedAwsAccount aws;
  private Cli cli;
  private String data;
  private String first;
  private JsonNode firstCost;

  @BeforeAll
  void account() throws Exception {
    aws = EmulatedAwsAccount.get();
    cli = aws.cli("cost");
    Files.copy(aws.root.resolve("examples/shell-trainer/train.sh"), aws.onStaticVolume("trainers/shell/train.sh"),
        StandardCopyOption.REPLACE_EXISTING);
    data = aws.dataset("shared/calcloud/cost.csv", 500);
  }

  /** The shell trainer on a GPU (no queue named: gpu-spot, and the GPU trial's shape). */
  private Path spec(String name, String dataUri, String search) throws Exception {
    return aws.spec(name, """
        name: %s
        trainer:
          command: [sh, /static/trainers/shell/train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: %s
        objective: {metric: val_loss, goal: minimize}
        resources: {gpus: 1}
        timeout: 30m
        """.formatted(name, dataUri) + search);
  }

  private static final String GRID = """
      method: grid
      parameters:
        learning_rate: {values: [0.1, 0.3]}
        epochs: {value: 3}
        pause_seconds: {value: 1}
      """;

  @Test
  @Order(1)
  void aFinishedSweepsCostComesFromItsBatchAttemptsInStatusResultsAndTheReport() throws Exception {
    Cli.Result sweep = cli.run("sweep", spec("cost-grid", data, GRID).toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    assertTrue(sweep.out().contains("no estimate: no earlier sweep of this model and data, and no --probe"), sweep.out());
    first = sweep.sweepId();
    List<JobView> jobs = aws.awaitSweep(first, SWEEP_TIMEOUT);
    JobView array = jobs.stream().filter(j -> j.name().equals(first)).findFirst().orElseThrow();
    assertEquals("BatchTrain-gpu-spot", array.queue());

    JsonNode results = JSON.readTree(cli.run("results", first, "--format", "json").out());
    firstCost = results.path("cost");
    assertTrue(firstCost.path("billed").asBoolean(), firstCost.toString());
    // The staging job ran on the CPU queue, whose environment may launch several sizes: an upper bound.
    assertFalse(firstCost.path("exact").asBoolean(), firstCost.toString());
    assertEquals(3, firstCost.path("attempts").asInt(), firstCost.toString());
    double trialHours = 0;
    for (int i = 0; i < 2; i++) {
      JobView child = aws.emulator.job(array.id() + ":" + i);
      assertEquals(JobStatus.SUCCEEDED, child.status(), aws.logs(child));
      JobView.AttemptView a = child.attempts().get(0);
      assertTrue(a.computeEnvironment().startsWith("ComputeGpuSpot"), a.computeEnvironment());
      double hours = (a.stoppedAt() - a.startedAt()) / 3_600_000.0;
      trialHours += hours;
      // Each trial's dollars: its attempt's hours (Batch's startedAt/stoppedAt) at a quarter of the spot node.
      assertEquals(hours * TRIAL_DOLLARS_PER_HOUR, firstCost.path("dollarsByJob").path("t000" + i).asDouble(), 1e-9,
          firstCost.toString());
    }
    // Four GPUs per p3.8xlarge, a quarter each: a trial's GPU-hours are its hours.
    assertEquals(trialHours, firstCost.path("gpuHours").asDouble(), 1e-9, firstCost.toString());
    double stage = firstCost.path("dollarsByJob").path("stage").asDouble();
    assertTrue(stage > 0, firstCost.toString());
    double total = firstCost.path("dollars").asDouble();
    assertEquals(trialHours * TRIAL_DOLLARS_PER_HOUR + stage, total, 1e-9);

    Cli.Result status = cli.run("status", first);
    assertTrue(status.out().matches("(?s).*\ncost: spent: 3 attempts, [\\d.]+ instance-hours, [\\d.]+ GPU-hours, at most"
        + " \\$[\\d.]+ \\(spot at reference prices; where Batch chose among several instance types, the dearest\\); lost to"
        + " retries: 0 attempts, 0\\.00 instance-hours, \\$0\\.00 \\(0\\.0 %\\)\n.*"), status.out());

    System.out.println(status.out());

    // A region the price table lacks is said, not guessed; a table of the user's own gives its prices. (The
    // results bucket is named: the stacks are deployed in us-east-1, where the CLI would look them up.)
    String bucket = "s3://" + aws.resultsBucket + "/";
    Cli.Result elsewhere = cli.run("status", first, "--region", "eu-north-1", "--results", bucket);
    assertEquals(0, elsewhere.exitCode(), elsewhere.toString());
    assertTrue(elsewhere.out().contains("\ncost: unknown: region: expected a region of the price table (ap-northeast-1,"
        + " eu-central-1, eu-west-1, us-east-1, us-west-2; dated 2026-12-07, or give --prices FILE), got 'eu-north-1'\n"),
        elsewhere.out());
    Path gpuOnly = Files.writeString(aws.work.resolve("prices-gpu.json"), prices("\"p3.8xlarge\": {\"vcpus\": 32,"
        + " \"memory_mib\": 249856, \"gpus\": 4, \"on_demand_per_hour\": 13.0, \"spot_reference_per_hour\": 2.6}"));
    Cli.Result noCpu = cli.run("status", first, "--region", "eu-north-1", "--results", bucket, "--prices",
        gpuOnly.toString());
    assertTrue(noCpu.out().contains("\ncost: unknown: instance_type: expected an instance family the price table has for"
        + " eu-north-1, got 'c6i'\n"), noCpu.out());
    Path both = Files.writeString(aws.work.resolve("prices-both.json"), prices("\"p3.8xlarge\": {\"vcpus\": 32,"
        + " \"memory_mib\": 249856, \"gpus\": 4, \"on_demand_per_hour\": 13.0, \"spot_reference_per_hour\": 2.6}, "
        + family("c6i") + ", " + family("m6i") + ", " + family("r6i")));
    JsonNode priced = JSON.readTree(cli.run("results", first, "--format", "json", "--region", "eu-north-1", "--results",
        bucket, "--prices", both.toString()).out()).path("cost");
    // The trials at a quarter of $2.60/h; the staging job at the dearest family's large ($0.50/h, whole).
    assertEquals(trialHours * 2.6 / 4, priced.path("dollarsByJob").path("t0000").asDouble()
        + priced.path("dollarsByJob").path("t0001").asDouble(), 1e-9, priced.toString());
    assertTrue(priced.path("pricing").asText().contains("with entries of a file dated 2026-12-08"), priced.toString());

    Path html = aws.work.resolve("cost-report.html");
    Cli.Result report = cli.run("report", first, "-o", html.toString());
    assertEquals(0, report.exitCode(), report.toString());
    HeadlessChromium.assumeInstalled();
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.driver().get(html.toUri().toString());
      String value = browser.driver().findElement(By.cssSelector("#card-cost .value")).getText();
      String note = browser.driver().findElement(By.cssSelector("#card-cost .note")).getText();
      Matcher m = Pattern.compile("at most \\$([\\d.]+)").matcher(value);
      assertTrue(m.matches(), value);
      // Two significant digits below 10 cents, as the CLI prints them.
      assertEquals(total, Double.parseDouble(m.group(1)), total * 0.05, value + " against " + total);
      assertTrue(note.contains("GPU-hours") && note.contains("0.0 % lost to retries (0 of 3 attempts)")
          && note.contains("spot at reference prices, dated 2026-12-07"), note);
      // The leaderboard's cost column has each trial's dollars.
      String costs = browser.driver().findElements(By.cssSelector("#leaderboard tbody tr")).stream()
          .map(r -> r.getText()).reduce("", (x, y) -> x + "\n" + y);
      assertTrue(costs.contains("$0.0"), costs);
      String summary = browser.driver().findElement(By.id("summary")).getText();
      assertFalse(summary.contains("null") || summary.contains("PRUNED"), "no card for a state no trial is in: " + summary);
      assertTrue(browser.consoleProblems().isEmpty(), browser.consoleProblems().toString());
      browser.screenshotWholePage(aws.work.resolve("cost-report.png"));
    }
  }

  /** A price table file for eu-north-1 holding {@code entries}. */
  private static String prices(String entries) {
    return "{\"date\": \"2026-12-08\", \"source\": \"test: made-up eu-north-1 prices\", \"regions\": {\"eu-north-1\": {"
        + entries + "}}}";
  }

  /** The large size of a CPU family at $0.50/h on-demand, $0.20/h spot. */
  private static String family(String name) {
    return "\"" + name + ".large\": {\"vcpus\": 2, \"memory_mib\": 16384, \"gpus\": 0, \"on_demand_per_hour\": 0.5,"
        + " \"spot_reference_per_hour\": 0.2}";
  }

  @Test
  @Order(2)
  void theNextSweepOfTheSameModelIsEstimatedFromItAndRefusedWhenItsEstimatePassesMaxCost() throws Exception {
    String four = GRID.replace("[0.1, 0.3]", "[0.05, 0.1, 0.2, 0.4]");
    Cli.Result dryRun = cli.run("sweep", spec("cost-grid", data, four).toString(), "--dry-run");
    assertEquals(0, dryRun.exitCode(), dryRun.toString());
    System.out.println(dryRun.out());
    assertTrue(dryRun.out().matches("(?s).*\nestimate: 4 trials x 3 epochs x [\\d.-]+ s/epoch \\+ [\\d.]+ s start-up each,"
        + " at 1/4 of a p3\\.8xlarge \\(us-east-1\\)\n  [\\d.-]+ instance-hours, [\\d.-]+ GPU-hours, \\$[\\d.-]+ on-demand,"
        + " \\$[\\d.-]+ spot\n  from \\d+ epochs of sweep " + first + "; start-up [\\d.]+ s, the median of 2 measured"
        + " attempts\n  \\(spot at the reference price \\$1\\.94/h, which moves by hour and zone; prices dated"
        + " 2026-12-07\\)\n.*"), dryRun.out());

    int jobsBefore = aws.emulator.jobs().size();
    Cli.Result over = cli.run("sweep", spec("cost-grid", data, four + "max_cost: 0.0001\n").toString());
    assertEquals(64, over.exitCode(), over.toString());
    // Held to what the sweep may cost: every trial all its epochs, at on-demand (gpu-spot falls back to it).
    assertTrue(over.err().contains("max_cost: expected at least what the sweep may cost, $"), over.err());
    assertTrue(over.err().contains(" (every trial all its epochs, on-demand: the queue's dearest market; fewer trials or"
        + " epochs would cost less), got 1.0E-4"), over.err());
    assertEquals(jobsBefore, aws.emulator.jobs().size(), "nothing submitted");
    String refused = over.sweepId();
    assertFalse(aws.s3.client().listObjectsV2(b -> b.bucket(aws.resultsBucket).prefix("sweeps/" + refused + "/"))
        .hasContents(), "nothing written for the refused sweep");
  }

  /**
   * A bayes sweep of the same model with a budget of 2.2 trials at their most (every epoch, on-demand, as
   * its dry run says): its driver (here, in the CLI) stops submitting before one more trial could pass it,
   * and what the sweep spent, counted from Batch, is within it.
   */
  @Test
  @Order(3)
  void aDrivenSweepStopsSubmittingBeforeItsMaxCostCouldBePassed() throws Exception {
    String bayes = """
        method: bayes
        max_trials: 8
        max_parallel: 2
        seed: 5
        parameters:
          learning_rate: {min: 0.01, max: 0.8, distribution: log_uniform}
          epochs: {value: 3}
          pause_seconds: {value: 1}
        max_cost: %s
        """;
    Cli.Result dry = cli.run("sweep", spec("cost-grid", data, bayes.formatted("1000")).toString(), "--dry-run");
    Matcher most = Pattern.compile("max_cost \\$1000\\.00: the sweep may cost up to \\$([\\d.]+) \\(every trial all its"
        + " epochs, on-demand\\); the driver submits no trial that could pass it").matcher(dry.out());
    assertTrue(most.find(), dry.out());
    double maxCost = 2.2 * Double.parseDouble(most.group(1)) / 8;
    Cli.Result sweep = cli.run("sweep", spec("cost-grid", data, bayes.formatted(String.format(Locale.ROOT, "%.6f",
        maxCost))).toString(), "--driver", "here", "--poll", "1");
    assertEquals(1, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    Matcher stopped = Pattern.compile("driver: stopped at max_cost after (\\d) of 8 trials: max_cost: expected at least the"
        + " estimate of the money spent, in flight and the next trial").matcher(sweep.out());
    assertTrue(stopped.find(), sweep.out());
    int submitted = Integer.parseInt(stopped.group(1));
    assertTrue(submitted >= 2 && submitted < 8, sweep.out());
    aws.awaitSweep(id, SWEEP_TIMEOUT);
    JsonNode cost = JSON.readTree(cli.run("results", id, "--format", "json").out()).path("cost");
    assertTrue(cost.path("dollars").asDouble() <= maxCost, cost + " against max_cost " + maxCost);
    assertEquals(submitted + 1, cost.path("attempts").asInt(), "the trials' and the staging job's: " + cost);
  }

  @Test
  @Order(4)
  void aProbeMeasuresASweepNothingWasRecordedForAndIsStoppedAfterTwoEpochs() throws Exception {
    String fresh = aws.dataset("shared/calcloud/probed.csv", 300);
    Cli.Result probe = cli.run("sweep", spec("probed", fresh, GRID.replace("{value: 3}", "{value: 30}")).toString(),
        "--probe", "--dry-run", "--poll", "1");
    assertEquals(0, probe.exitCode(), probe.toString());
    Matcher m = Pattern.compile("probe (probed-probe-\\S+): one trial \\(learning_rate=0.1 epochs=30 pause_seconds=1\\)")
        .matcher(probe.out());
    assertTrue(m.find(), probe.out());
    String probeId = m.group(1);
    assertTrue(probe.out().matches("(?s).*\nestimate: 2 trials x 30 epochs x [\\d.-]+ s/epoch \\+ [\\d.]+ s start-up each,"
        + " at 1/4 of a p3\\.8xlarge \\(us-east-1\\)\n.*\n  from \\d epochs of sweep " + probeId + "; start-up [\\d.]+ s,"
        + " the median of 1 measured attempts\n.*"), probe.out());
    assertTrue(probe.out().contains("dry run: nothing was written or submitted"), probe.out());
    JobView job = aws.jobsOf(probeId).stream().filter(j -> j.name().endsWith("-t0000")).findFirst().orElseThrow();
    aws.awaitSweep(probeId, SWEEP_TIMEOUT);
    assertEquals(JobStatus.FAILED, aws.emulator.job(job.id()).status(), "stopped by the probe, not run to its end");
    assertEquals(1, aws.emulator.job(job.id()).attempts().size(), "a stopped probe is not retried");
  }

  /**
   * resume of a fixed sweep with a max_cost: the stopped trials are priced from what Batch says the sweep
   * spent and re-run while one more fits (which ones fit, on recorded spending, is ResumeBudgetTest's):
   * here the budget has room, so both cancelled trials run again and finish.
   */
  @Test
  @Order(5)
  void resumeOfAFixedSweepWithMaxCostReRunsTheStoppedTrialsThatFit() throws Exception {
    // 5 s epochs: both trials are still running or queued when cancel reaches them.
    Cli.Result sweep = cli.run("sweep", spec("cost-grid", data, GRID.replace("pause_seconds: {value: 1}",
        "pause_seconds: {value: 5}") + "max_cost: 1000\n").toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    // Cancelled once a trial runs (its data staged): something was spent, and both trials stop.
    long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
    while (aws.jobsOf(id).stream().flatMap(j -> j.children().stream().map(aws.emulator::job))
        .noneMatch(c -> c.status() == JobStatus.RUNNING)) {
      assertTrue(System.nanoTime() < deadline, "no trial started: " + aws.jobsOf(id));
      Thread.sleep(100);
    }
    Cli.Result cancel = cli.run("cancel", id);
    assertEquals(0, cancel.exitCode(), cancel.toString());
    aws.awaitSweep(id, SWEEP_TIMEOUT);
    Cli.Result resume = cli.run("resume", id);
    assertEquals(0, resume.exitCode(), resume.toString());
    assertTrue(resume.out().contains("for trial(s) [t0000, t0001]"), resume.out());
    assertFalse(resume.out().contains("not re-run under the sweep's max_cost"), resume.out());
    aws.awaitSweep(id, SWEEP_TIMEOUT);
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().contains("2 succeeded, 0 running, 0 pending, 0 failed, 0 stopped"), status.toString());
  }
}
