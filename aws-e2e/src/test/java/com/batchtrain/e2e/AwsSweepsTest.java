package com.batchtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.JobCommand;
import com.batchtrain.contract.StackOutputs;
import com.batchtrain.testsupport.batch.JobStatus;
import com.batchtrain.testsupport.batch.JobView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Sweeps through the real CLI ({@code --backend aws}) on the emulated account: the synthesized job
 * definitions, the built image run from its own layers, EFS access points as directories, S3 on
 * loopback. Each test asserts what a user sees ({@code status}, {@code results}, {@code report})
 * and what the store and the account hold.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsSweepsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(8);
  private static final Pattern EPOCH_LINE = Pattern.compile("epoch (\\d+)/(\\d+)");
  private static EmulatedAwsAccount aws;

  /** Submitted before the other tests, checked last: its 60 s attempt timeout overlaps their work. */
  private static String slowSweepId;

  @BeforeAll
  static void account() throws Exception {
    aws = EmulatedAwsAccount.get();
    String data = aws.dataset("shared/calcloud/slow.csv", 20_000);
    Path slow = aws.spec("slow", spec("slow", data, "cpu", "{vcpus: 1, memory_mib: 4096}", "1m", """
        learning_rate: {value: 0.01}
        batch_size: {value: 8}
        epochs: {value: 500}"""));
    Cli.Result sweep = aws.cli("slow").run("sweep", slow.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    slowSweepId = sweep.sweepId();
  }

  private static String spec(String name, String data, String queue, String resources, String timeout, String parameters) {
    return """
        name: %s
        preset: calcloud-memory-bin
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        queue: %s
        resources: %s
        retries: 2
        timeout: %s
        parameters:
        %s
        """.formatted(name, data, queue, resources, timeout, parameters.indent(2));
  }

  /**
   * The product's main path: an s3:// dataset (one CSV object in a bucket the stack was given with
   * dataSources) is staged once by the stage job into the EFS cache, then the array's children
   * train from it and publish; status, results and report show both trials.
   */
  @Test
  @Order(2)
  void anS3DatasetIsStagedOnceThenEveryTrialTrainsAndPublishes() throws Exception {
    String data = aws.dataset("shared/calcloud/train.csv", 3000);
    Path spec = aws.spec("s3-sweep", spec("s3-sweep", data, "cpu", "{vcpus: 2, memory_mib: 4096}", "30m", """
        learning_rate: {values: [0.003, 0.03]}
        batch_size: {value: 256}
        epochs: {value: 3}"""));
    Cli cli = aws.cli("s3-sweep");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    assertTrue(sweep.out().contains("submitted dataset staging job"), sweep.out());
    List<JobView> jobs = aws.awaitSweep(id, SWEEP_TIMEOUT);

    JobView stage = only(jobs, id + "-stage");
    assertEquals(JobStatus.SUCCEEDED, stage.status(), aws.logs(stage));
    assertEquals(aws.emulator.output(batchStack(), StackOutputs.STAGE_JOB_DEFINITION), stage.jobDefinition());
    assertEquals("BatchTrain-cpu", stage.queue());
    JobView array = only(jobs, id);
    assertEquals(JobStatus.SUCCEEDED, array.status(), aws.logs(array));
    assertEquals(aws.emulator.output(batchStack(), StackOutputs.CPU_TRIAL_JOB_DEFINITION), array.jobDefinition());
    assertEquals(2, array.children().size());
    for (String child : array.children()) {
      JobView c = aws.emulator.job(child);
      assertEquals(1, c.attempts().size(), aws.logs(c));
      String log = c.attempts().get(0).output();
      // The trial's vCPU reservation sizes TensorFlow's pools, not the host's cores.
      assertTrue(log.contains("TensorFlow thread pools: intra-op 2, inter-op 2 (BT_VCPUS=2)"), log);
    }
    // Staged once into /static; the trials read it from there, not from S3.
    assertEquals(1, aws.s3.reads(EmulatedAwsAccount.DATASETS_BUCKET, "shared/calcloud/train.csv"),
        "the dataset object is read by the stage job only");
    try (var staged = Files.walk(aws.staticDirectory())) {
      assertTrue(staged.anyMatch(p -> p.getFileName().toString().equals("train.csv")), "staged into the EFS cache");
    }

    Cli.Result status = cli.run("status", id);
    assertEquals(0, status.exitCode(), status.toString());
    for (String trial : List.of("t0000", "t0001")) {
      assertTrue(status.out().lines().anyMatch(l -> l.startsWith(trial) && l.contains("succeeded") && l.contains("3/3")),
          status.out());
    }
    assertTrue(status.out().contains("2 succeeded, 0 running, 0 pending, 0 failed, 0 stopped"), status.out());
    Cli.Result results = cli.run("results", id, "--format", "json");
    assertEquals(0, results.exitCode(), results.toString());
    JsonNode board = JSON.readTree(results.out());
    assertEquals(2, board.path("leaderboard").size(), results.out());
    Path report = aws.work.resolve("s3-sweep-report.html");
    Cli.Result page = cli.run("report", id, "-o", report.toString());
    assertEquals(0, page.exitCode(), page.toString());
    String html = Files.readString(report);
    assertTrue(html.contains("t0000") && html.contains("t0001"), "the report lists the trials");
    for (int i = 0; i < 2; i++) {
      String key = "sweeps/" + id + "/trials/t000" + i + "/manifest.json";
      assertTrue(aws.s3.client().headObject(b -> b.bucket(aws.resultsBucket).key(key)).contentLength() > 0, key);
    }
  }

  /**
   * A gpu-spot sweep validates against the p3.8xlarge compute environment and runs the GPU trial
   * definition, whose image is the -gpu tag. This build has no GPU image (its TensorFlow native alone
   * is 526 MB), so the CPU image is pushed under that tag: the entry script sees the GPUs ECS assigns
   * (NVIDIA_VISIBLE_DEVICES) with a CPU image, says so, and the trial trains on CPU.
   */
  @Test
  @Order(3)
  void aGpuSpotSweepRunsTheGpuDefinitionOnTheP3EnvironmentWithTheGpuImageTag() throws Exception {
    Path spec = aws.spec("gpu-sweep", spec("gpu-sweep", "builtin:calcloud", "gpu-spot",
        "{vcpus: 8, memory_mib: 59392, gpus: 1}", "30m", """
        learning_rate: {value: 0.01}
        batch_size: {value: 512}
        epochs: {value: 2}"""));
    Cli cli = aws.cli("gpu-sweep");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    List<JobView> jobs = aws.awaitSweep(id, SWEEP_TIMEOUT);
    JobView trial = only(jobs, id + "-t0000");
    assertEquals(JobStatus.SUCCEEDED, trial.status(), aws.logs(trial));
    assertEquals(aws.emulator.output(batchStack(), StackOutputs.GPU_TRIAL_JOB_DEFINITION), trial.jobDefinition());
    assertEquals("BatchTrain-gpu-spot", trial.queue());
    String image = aws.emulator.cloud().resources("AWS::Batch::JobDefinition").stream()
        .filter(r -> r.physicalId().equals(trial.jobDefinition())).findFirst().orElseThrow()
        .properties().path("ContainerProperties").path("Image").asText();
    assertTrue(image.endsWith(":0.1.0-gpu"), image);
    JobView.AttemptView attempt = trial.attempts().get(0);
    assertTrue(attempt.computeEnvironment().startsWith("ComputeGpuSpot"), attempt.computeEnvironment());
    assertTrue(attempt.output().contains("but this is the CPU image: training runs on CPU"), attempt.output());
    assertTrue(attempt.output().contains("(BT_VCPUS=8)"), attempt.output());
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().contains("1 succeeded"), status.toString());
  }

  /**
   * A spot reclaim mid-training: the child's attempt ends with Batch's host reason, the retry
   * strategy retries it, and the new attempt resumes from the newest checkpoint in its EFS run
   * directory: its first epoch is the one after that checkpoint, and the published history has
   * every epoch exactly once.
   */
  @Test
  @Order(4)
  void aReclaimedTrialIsRetriedAndResumesFromItsEfsCheckpoint() throws Exception {
    String data = aws.dataset("shared/calcloud/large.csv", 40_000);
    Path spec = aws.spec("reclaim-sweep", spec("reclaim-sweep", data, "cpu-spot", "{vcpus: 2, memory_mib: 4096}", "30m", """
        learning_rate: {values: [0.005, 0.01]}
        batch_size: {value: 32}
        epochs: {value: 5}"""));
    Cli cli = aws.cli("reclaim-sweep");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    String child = awaitJob(id, id).id() + ":0";
    String epoch2 = "sweeps/" + id + "/trials/t0000/metrics/epoch-0002.json";
    long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
    while (!exists(epoch2)) {
      assertTrue(System.nanoTime() < deadline, "t0000 never finished epoch 2:\n" + aws.logs(aws.emulator.job(child)));
      assertFalse(aws.emulator.job(child).status().terminal(), aws.logs(aws.emulator.job(child)));
      Thread.sleep(200);
    }
    aws.emulator.reclaim(child);
    aws.awaitSweep(id, SWEEP_TIMEOUT);

    JobView reclaimed = aws.emulator.job(child);
    assertEquals(JobStatus.SUCCEEDED, reclaimed.status(), aws.logs(reclaimed));
    assertEquals(2, reclaimed.attempts().size(), aws.logs(reclaimed));
    JobView.AttemptView first = reclaimed.attempts().get(0);
    JobView.AttemptView second = reclaimed.attempts().get(1);
    assertEquals("Host EC2 (instance " + first.instanceId() + ") terminated.", first.statusReason().orElseThrow());
    List<Integer> firstEpochs = epochs(first.output());
    List<Integer> secondEpochs = epochs(second.output());
    assertTrue(second.output().contains("resuming from checkpoint /runs/" + id + "/t0000/"), second.output());
    assertFalse(secondEpochs.isEmpty(), second.output());
    // Nothing before the last checkpoint is redone: the checkpoint of the last epoch the first attempt
    // finished (a final one is written on SIGTERM) is where the second one starts.
    assertEquals(firstEpochs.get(firstEpochs.size() - 1) + 1, secondEpochs.get(0),
        "first attempt " + firstEpochs + ", second " + secondEpochs);
    JsonNode history = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket)
        .key("sweeps/" + id + "/trials/t0000/history.json")).asByteArray());
    List<Integer> published = new ArrayList<>();
    history.forEach(e -> published.add(e.path("epoch").asInt()));
    assertEquals(List.of(1, 2, 3, 4, 5), published);
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().contains("2 succeeded"), status.toString());
    // The reclaimed attempt was paid for and redone: it is the one lost to retries (of the stage job's and the
    // three trial attempts), priced on cpu-spot at the dearest size the environment may launch.
    assertTrue(status.out().matches("(?s).*\ncost: spent: 4 attempts, [\\d.]+ instance-hours, at most \\$[\\d.]+ \\(spot"
        + " at reference prices; where Batch chose among several instance types, the dearest\\); lost to retries: 1"
        + " attempt, [\\d.]+ instance-hours, \\$[\\d.]+ \\((?!0\\.0 %)[\\d.]+ %\\)\n.*"), status.out());
  }

  /**
   * A sweep whose data lacks the target column: the stage job checks the staged dataset against the
   * sweep's preset and exits 65 once (the EXIT rule: not retried), so Batch fails the trials before
   * any starts, and status shows the stage job's recorded reason next to each trial.
   */
  @Test
  @Order(1)
  void badDataIsCaughtByTheStageJobBeforeAnyTrialStarts() throws Exception {
    Path badCsv = Files.createTempFile(aws.work, "bad", ".csv");
    Files.writeString(badCsv, "a,b\n1,2\n3,4\n");
    aws.s3.client().putObject(b -> b.bucket(EmulatedAwsAccount.DATASETS_BUCKET).key("shared/bad/no-target.csv"),
        software.amazon.awssdk.core.sync.RequestBody.fromFile(badCsv));
    Path bad = aws.spec("bad-data", spec("bad-data", "s3://" + EmulatedAwsAccount.DATASETS_BUCKET + "/shared/bad/no-target.csv",
        "cpu", "{vcpus: 1, memory_mib: 2048}", "30m", """
        learning_rate: {values: [0.01, 0.02]}
        epochs: {value: 2}"""));
    Cli cli = aws.cli("bad-data");
    Cli.Result badSweep = cli.run("sweep", bad.toString());
    assertEquals(0, badSweep.exitCode(), badSweep.toString());
    String badId = badSweep.sweepId();
    List<JobView> jobs = aws.awaitSweep(badId, SWEEP_TIMEOUT);
    JobView stage = only(jobs, badId + "-stage");
    assertEquals(JobStatus.FAILED, stage.status(), aws.logs(stage));
    assertEquals(1, stage.attempts().size(), "bad data is not retried: " + aws.logs(stage));
    assertEquals(65, stage.attempts().get(0).exitCode().orElseThrow(), aws.logs(stage));
    for (String child : only(jobs, badId).children()) {
      JobView c = aws.emulator.job(child);
      assertEquals(JobStatus.FAILED, c.status());
      assertEquals("Dependent Job failed", c.statusReason().orElseThrow());
      assertTrue(c.attempts().isEmpty(), "no trial started: " + aws.logs(c));
    }
    assertTrue(exists("sweeps/" + badId + "/stage/failures/attempt-001.json"), "the stage job recorded why");
    Cli.Result badStatus = cli.run("status", badId);
    List<String> trials = badStatus.out().lines().filter(l -> l.startsWith("t000")).toList();
    assertEquals(2, trials.size(), badStatus.out());
    assertTrue(trials.stream().allMatch(l -> l.contains("dataset check failed") && l.contains("exit 65 (bad_data)")
        && l.contains("missing column")), badStatus.out());
  }

  /**
   * Data read in place from the EFS cache (file:///static/...) is not staged, so a bad file reaches
   * the trials: each exits 65 once, records its reason (file and line) in the results store, and
   * status shows it next to the trial.
   */
  @Test
  @Order(6)
  void aTrialWithBadDataExitsOnceAndStatusShowsItsRecordedReason() throws Exception {
    Path dir = Files.createDirectories(aws.staticDirectory().resolve("in-place"));
    Files.writeString(dir.resolve("no-target.csv"), "a,b\n1,2\n3,4\n");
    Path spec = aws.spec("in-place", spec("in-place", "file:///static/in-place/no-target.csv", "cpu",
        "{vcpus: 1, memory_mib: 2048}", "30m", """
        learning_rate: {values: [0.01, 0.02]}
        epochs: {value: 2}"""));
    Cli cli = aws.cli("in-place");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    List<JobView> jobs = aws.awaitSweep(id, SWEEP_TIMEOUT);
    assertTrue(jobs.stream().noneMatch(j -> j.name().endsWith("-stage")), "nothing to stage");
    for (String child : only(jobs, id).children()) {
      JobView c = aws.emulator.job(child);
      assertEquals(JobStatus.FAILED, c.status());
      assertEquals(1, c.attempts().size(), "bad data is not retried: " + aws.logs(c));
      assertEquals(65, c.attempts().get(0).exitCode().orElseThrow(), aws.logs(c));
    }
    JsonNode record = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket)
        .key("sweeps/" + id + "/trials/t0000/failures/attempt-001.json")).asByteArray());
    assertEquals(65, record.path("exitCode").asInt(), record.toString());
    assertTrue(record.toString().contains("/static/in-place/no-target.csv:1: missing column"), record.toString());
    assertFalse(record.toString().contains("\tat "), "no stack trace: " + record);
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().lines().filter(l -> l.startsWith("t000")).allMatch(l -> l.contains("failed")
        && l.contains("exit 65 (bad_data)") && l.contains("no-target.csv:1: missing column")), status.out());
  }

  /**
   * The sweep submitted before the other tests (its trial trains for longer than its 60 s attempt
   * timeout, Batch's minimum, while they run): SIGTERM at 60 s, a final checkpoint, exit 75, and no
   * retry, since Batch never retries a timeout; status shows the trial stopped with the reason.
   */
  @Test
  @Order(100)
  void aTrialOverItsTimeoutIsStoppedNotRetried() throws Exception {
    aws.awaitSweep(slowSweepId, SWEEP_TIMEOUT);
    JobView trial = only(aws.jobsOf(slowSweepId), slowSweepId + "-t0000");
    assertEquals(JobStatus.FAILED, trial.status(), aws.logs(trial));
    assertEquals("Job attempt duration exceeded timeout", trial.statusReason().orElseThrow());
    assertEquals(1, trial.attempts().size(), aws.logs(trial));
    assertEquals(75, trial.attempts().get(0).exitCode().orElseThrow(), "checkpointed on SIGTERM: " + aws.logs(trial));
    long seconds = (trial.attempts().get(0).stoppedAt() - trial.attempts().get(0).startedAt()) / 1000;
    assertTrue(seconds >= 60 && seconds < 90, "stopped after its 60 s: " + seconds);
    Cli.Result slowStatus = aws.cli("slow").run("status", slowSweepId);
    assertTrue(slowStatus.out().lines().anyMatch(l -> l.startsWith("t0000") && l.contains("stopped")
        && l.contains("Job attempt duration exceeded timeout")), slowStatus.out());
  }

  /**
   * cancel while two trials run and the third waits (the account runs two containers at a time),
   * then resume: the stopped trials are
   * submitted again, those with checkpoints continue from them, and all four end up published.
   */
  @Test
  @Order(5)
  void cancelMidSweepThenResumeFinishesTheRest() throws Exception {
    String data = aws.dataset("shared/calcloud/cancel.csv", 8_000);
    Path spec = aws.spec("cancel-sweep", spec("cancel-sweep", data, "cpu", "{vcpus: 2, memory_mib: 4096}", "30m", """
        learning_rate: {values: [0.004, 0.008, 0.016]}
        batch_size: {value: 8}
        epochs: {value: 6}"""));
    Cli cli = aws.cli("cancel-sweep");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    String arrayId = awaitJob(id, id).id();
    long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
    while (!exists("sweeps/" + id + "/trials/t0000/metrics/epoch-0001.json")) {
      assertTrue(System.nanoTime() < deadline, "no epoch finished:\n" + aws.logs(aws.emulator.job(arrayId)));
      Thread.sleep(200);
    }
    Cli.Result cancel = cli.run("cancel", id);
    assertEquals(0, cancel.exitCode(), cancel.toString());
    aws.awaitSweep(id, SWEEP_TIMEOUT);
    Cli.Result stopped = cli.run("status", id);
    assertTrue(stopped.out().lines().filter(l -> l.startsWith("t000")).allMatch(l -> l.contains("stopped")), stopped.toString());
    // The running children were terminated (SIGTERM: a final checkpoint, exit 75), the queued ones cancelled.
    JobView array = aws.emulator.job(arrayId);
    long terminated = array.children().stream().map(aws.emulator::job)
        .filter(c -> !c.attempts().isEmpty() && c.attempts().get(0).exitCode().orElse(-1) == 75).count();
    long neverRan = array.children().stream().map(aws.emulator::job).filter(c -> c.attempts().isEmpty()).count();
    assertTrue(terminated >= 1 && neverRan >= 1 && terminated + neverRan == 3,
        terminated + " terminated, " + neverRan + " never ran:\n" + aws.logs(array));

    Cli.Result resume = cli.run("resume", id);
    assertEquals(0, resume.exitCode(), resume.toString());
    aws.awaitSweep(id, SWEEP_TIMEOUT);
    Cli.Result done = cli.run("status", id);
    assertTrue(done.out().contains("3 succeeded, 0 running, 0 pending, 0 failed, 0 stopped"), done.toString());
    JsonNode board = JSON.readTree(cli.run("results", id, "--format", "json").out());
    assertEquals(3, board.path("leaderboard").size());
    boolean resumedFromCheckpoint = aws.jobsOf(id).stream().flatMap(j -> j.children().isEmpty() ? java.util.stream.Stream.of(j)
            : j.children().stream().map(aws.emulator::job))
        .flatMap(j -> j.attempts().stream()).anyMatch(a -> a.output().contains("resuming from checkpoint"));
    assertTrue(resumedFromCheckpoint, "a cancelled trial continued from its checkpoint");
  }

  /**
   * The user's own trainer on Batch: a POSIX sh trainer (examples/shell-trainer/train.sh, which the
   * job image's busybox runs) on the static EFS volume, an s3:// dataset staged by the stage job,
   * the spot queue; one trial is reclaimed mid-training and its retry resumes from the checkpoint
   * the trainer announced, restored from the EFS run directory.
   */
  @Test
  @Order(7)
  void aCommandTrainerSweepRunsOnBatchAndAReclaimedTrialResumesFromItsAnnouncedCheckpoint() throws Exception {
    Files.copy(aws.root.resolve("examples/shell-trainer/train.sh"), aws.onStaticVolume("trainers/shell/train.sh"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String data = aws.dataset("shared/calcloud/command.csv", 4000);
    Path spec = aws.spec("command-sweep", """
        name: command-sweep
        trainer:
          command: [sh, /static/trainers/shell/train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: %s
        objective: {metric: val_loss, goal: minimize}
        method: grid
        queue: cpu-spot
        resources: {vcpus: 1, memory_mib: 1024}
        retries: 2
        timeout: 30m
        parameters:
          learning_rate: {values: [0.1, 0.3]}
          epochs: {value: 6}
          pause_seconds: {value: 1}
        """.formatted(data));
    Cli cli = aws.cli("command-sweep");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    String child = awaitJob(id, id).id() + ":0";
    long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
    while (!exists("sweeps/" + id + "/trials/t0000/metrics/epoch-0002.json")) {
      assertTrue(System.nanoTime() < deadline, "t0000 never reported epoch 2:\n" + aws.logs(aws.emulator.job(child)));
      assertFalse(aws.emulator.job(child).status().terminal(), aws.logs(aws.emulator.job(child)));
      Thread.sleep(100);
    }
    aws.emulator.reclaim(child);
    aws.awaitSweep(id, SWEEP_TIMEOUT);

    JobView reclaimed = aws.emulator.job(child);
    assertEquals(JobStatus.SUCCEEDED, reclaimed.status(), aws.logs(reclaimed));
    assertEquals(2, reclaimed.attempts().size(), aws.logs(reclaimed));
    assertTrue(reclaimed.attempts().get(0).statusReason().orElseThrow().startsWith("Host EC2"), aws.logs(reclaimed));
    // The harness forwarded SIGTERM; the trainer stopped after announcing a checkpoint, which the retry starts from.
    assertTrue(reclaimed.attempts().get(0).output().contains("SIGTERM: stopping after the announced checkpoint"), aws.logs(reclaimed));
    String second = reclaimed.attempts().get(1).output();
    Matcher resumed = Pattern.compile("resuming after epoch (\\d+) from /runs/" + id + "/t0000/command/work/checkpoints/ckpt-(\\d+)")
        .matcher(second);
    assertTrue(resumed.find(), second);
    assertTrue(Integer.parseInt(resumed.group(1)) >= 2, second);
    JsonNode history = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket)
        .key("sweeps/" + id + "/trials/t0000/history.json")).asByteArray());
    List<Integer> published = new ArrayList<>();
    history.forEach(e -> published.add(e.path("epoch").asInt()));
    assertEquals(List.of(1, 2, 3, 4, 5, 6), published, "contiguous across the reclaim");
    assertTrue(exists("sweeps/" + id + "/trials/t0000/checkpoint/model.env"), "the best announced checkpoint is published");
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().contains("2 succeeded"), status.toString());
    JsonNode board = JSON.readTree(cli.run("results", id, "--format", "json").out());
    assertEquals(2, board.path("leaderboard").size(), board.toString());
  }

  /**
   * A Java trainer (com.batchtrain.runtime.trainer.Trainer) in a jar of its own on the static EFS
   * volume, named by the spec with its class path: found with ServiceLoader in the job image's
   * runtime and run by the same harness, both trials published with their best announced checkpoint.
   */
  @Test
  @Order(8)
  void aJavaTrainerFromItsOwnJarRunsOnBatch() throws Exception {
    com.batchtrain.testsupport.TrainerJar.build(aws.root.resolve("job-runtime/src/test/resources/java-trainer/ToyTrainer.java"),
        "com.batchtrain.runtime.trainer.Trainer", "com.example.ToyTrainer", System.getProperty("java.class.path"),
        aws.onStaticVolume("trainers/java/toy.jar"));
    String data = aws.dataset("shared/calcloud/java.csv", 500);
    Path spec = aws.spec("java-sweep", """
        name: java-sweep
        trainer:
          java: toy
          classpath: [/static/trainers/java/toy.jar]
        data: %s
        objective: {metric: val_loss, goal: minimize}
        method: grid
        queue: cpu
        resources: {vcpus: 1, memory_mib: 1024}
        timeout: 30m
        parameters:
          lr: {values: [0.5, 0.25]}
          epochs: {value: 3}
        """.formatted(data));
    Cli cli = aws.cli("java-sweep");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    aws.awaitSweep(id, SWEEP_TIMEOUT);
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().contains("2 succeeded"), status + "\n" + aws.logs(awaitJob(id, id)));
    assertTrue(aws.logs(awaitJob(id, id)).contains("Java trainer 'toy': com.example.ToyTrainer"), aws.logs(awaitJob(id, id)));
    assertEquals("3", new String(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket)
        .key("sweeps/" + id + "/trials/t0000/checkpoint/epoch")).asByteArray()));
  }

  /**
   * Early stopping on Batch, decided inside each trial from the rung records in the results bucket:
   * three trials of the shell example (the account runs two at a time), the third and worst starts
   * once the others have recorded their first epochs, falls out of the best half at the first rung,
   * stops, publishes what it has with "pruned" in its manifest and exits 0, so Batch does not retry it.
   */
  @Test
  @Order(9)
  void earlyStoppingStopsATrialBehindTheOthersInsideItsJob() throws Exception {
    Files.copy(aws.root.resolve("examples/shell-trainer/train.sh"), aws.onStaticVolume("trainers/shell/train.sh"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String data = aws.dataset("shared/calcloud/asha.csv", 2000);
    Path spec = aws.spec("asha-sweep", """
        name: asha-sweep
        trainer:
          command: [sh, /static/trainers/shell/train.sh, "{learning_rate}", "{epochs}", "{pause_seconds}"]
        data: %s
        objective: {metric: val_loss, goal: minimize}
        method: grid
        queue: cpu
        resources: {vcpus: 1, memory_mib: 1024}
        timeout: 30m
        early_stopping: {method: asha, grace: 1, reduction: 2}
        parameters:
          learning_rate: {values: [0.3, 0.1, 0.01]}
          epochs: {value: 6}
          pause_seconds: {value: 1}
        """.formatted(data));
    Cli cli = aws.cli("asha-sweep");
    Cli.Result sweep = cli.run("sweep", spec.toString());
    assertEquals(0, sweep.exitCode(), sweep.toString());
    String id = sweep.sweepId();
    aws.awaitSweep(id, SWEEP_TIMEOUT);
    JobView array = awaitJob(id, id);
    JsonNode worst = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket)
        .key("sweeps/" + id + "/trials/t0002/manifest.json")).asByteArray());
    assertTrue(worst.path("pruned").path("epoch").asInt() < 6 && worst.path("pruned").path("plannedEpochs").asInt() == 6,
        worst + "\n" + aws.logs(array));
    JsonNode best = JSON.readTree(aws.s3.client().getObjectAsBytes(b -> b.bucket(aws.resultsBucket)
        .key("sweeps/" + id + "/trials/t0000/manifest.json")).asByteArray());
    assertTrue(best.path("pruned").isMissingNode(), "the best trial trains all its epochs: " + best);
    JobView t2 = aws.emulator.job(array.children().get(2));
    assertEquals(JobStatus.SUCCEEDED, t2.status(), aws.logs(t2));
    assertEquals(1, t2.attempts().size(), "a pruned trial exits 0 and is not retried: " + aws.logs(t2));
    assertTrue(exists("sweeps/" + id + "/pruning/epoch-0001/t0002.json"));
    Cli.Result status = cli.run("status", id);
    assertTrue(status.out().lines().anyMatch(l -> l.startsWith("t0002") && l.contains("pruned")), status.toString());
  }

  private static String batchStack() {
    return StackOutputs.stackName(EmulatedAwsAccount.PREFIX, StackOutputs.BATCH_STACK);
  }

  private static JobView only(List<JobView> jobs, String name) {
    List<JobView> named = jobs.stream().filter(j -> j.name().equals(name)).toList();
    assertEquals(1, named.size(), "jobs named " + name + " in " + jobs.stream().map(JobView::name).toList());
    return named.get(0);
  }

  private static JobView awaitJob(String sweepId, String name) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      List<JobView> named = aws.jobsOf(sweepId).stream().filter(j -> j.name().equals(name)).toList();
      if (!named.isEmpty()) {
        return named.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no job " + name);
  }

  private static boolean exists(String key) {
    return !aws.s3.client().listObjectsV2(b -> b.bucket(aws.resultsBucket).prefix(key)).contents().isEmpty();
  }

  private static List<Integer> epochs(String log) {
    List<Integer> out = new ArrayList<>();
    Matcher m = EPOCH_LINE.matcher(log);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }
}
