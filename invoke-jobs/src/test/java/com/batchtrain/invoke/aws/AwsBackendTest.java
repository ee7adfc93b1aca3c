package com.batchtrain.invoke.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StackOutputs;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.invoke.aws.FakeAwsServer.Status;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import com.batchtrain.storage.TrialPublisher;
import com.batchtrain.testsupport.S3ProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aws backend with the real SDK clients against {@link FakeAwsServer} (Batch + CloudFormation)
 * and S3Proxy as the results bucket.
 */
class AwsBackendTest {
  @RegisterExtension
  static final S3ProxyServer S3 = new S3ProxyServer();
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);

  @TempDir
  Path tmp;
  FakeAwsServer aws;
  String bucket;
  Map<QueueChoice, String> queues = new HashMap<>();
  Map<String, String> batchOutputs;
  private static final String STAGE_DEFINITION = "arn:aws:batch:us-east-1:123456789012:job-definition/stage:2";

  @BeforeAll
  static void credentials() {
    // The default credential chain reads these first: the product code never takes secrets as arguments.
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_ACCESS_KEY);
  }

  @BeforeEach
  void deploy() throws Exception {
    aws = new FakeAwsServer();
    bucket = S3.newBucket();
    aws.putStack("BatchTrain-Storage", Map.of(StackOutputs.RESULTS_BUCKET, bucket));
    Map<String, String> batch = new HashMap<>();
    for (QueueChoice q : QueueChoice.values()) {
      String arn = "arn:aws:batch:us-east-1:123456789012:job-queue/" + q.id();
      queues.put(q, arn);
      batch.put(q.outputKey(), arn);
    }
    batch.put(StackOutputs.CPU_TRIAL_JOB_DEFINITION, "arn:aws:batch:us-east-1:123456789012:job-definition/cpu-trial:3");
    batch.put(StackOutputs.GPU_TRIAL_JOB_DEFINITION, "arn:aws:batch:us-east-1:123456789012:job-definition/gpu-trial:3");
    batch.put(StackOutputs.GPU_NODE_JOB_DEFINITION, "arn:aws:batch:us-east-1:123456789012:job-definition/gpu-node:1");
    batch.put(StackOutputs.STAGE_JOB_DEFINITION, STAGE_DEFINITION);
    batch.put(StackOutputs.DRIVER_JOB_DEFINITION, DRIVER_DEFINITION);
    batchOutputs = batch;
    aws.putStack("BatchTrain-Batch", batch);
    aws.putJobDefinition(CPU_TRIAL, trialDefinition(STACK_IMAGE, "2"));
  }

  private static final String DRIVER_DEFINITION = "arn:aws:batch:us-east-1:123456789012:job-definition/driver:1";
  private static final String CPU_TRIAL = "arn:aws:batch:us-east-1:123456789012:job-definition/cpu-trial:3";
  private static final String STACK_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/batchtrain-trainer:0.1.0";
  private static final String OWN_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/trainer:v1";

  /** The stack's CPU trial definition as DescribeJobDefinitions returns it (infra's roles, volumes, retry rule). */
  private static JsonNode trialDefinition(String image, String vcpus) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
        {"type": "container", "parameters": {}, "platformCapabilities": ["EC2"], "propagateTags": true,
         "timeout": {"attemptDurationSeconds": 86400},
         "retryStrategy": {"attempts": 3, "evaluateOnExit": [{"onStatusReason": "Host EC2*", "action": "RETRY"},
           {"onExitCode": "75", "action": "RETRY"}, {"onReason": "*", "action": "EXIT"}]},
         "tags": {"aws:cloudformation:stack-name": "BatchTrain-Batch", "team": "ml"},
         "containerProperties": {"image": "%s", "command": ["train"], "user": "1000:1000",
           "jobRoleArn": "arn:aws:iam::123456789012:role/BatchTrain-Batch-JobRole",
           "executionRoleArn": "arn:aws:iam::123456789012:role/BatchTrain-Batch-ExecutionRole",
           "environment": [{"name": "BT_CACHE_DIR", "value": "/static"}, {"name": "BT_VCPUS", "value": "%s"}],
           "resourceRequirements": [{"type": "MEMORY", "value": "4096"}, {"type": "VCPU", "value": "2"}],
           "volumes": [{"name": "static", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "ENABLED",
             "authorizationConfig": {"accessPointId": "fsap-1", "iam": "ENABLED"}}}],
           "mountPoints": [{"containerPath": "/static", "readOnly": true, "sourceVolume": "static"}],
           "readonlyRootFilesystem": false,
           "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "jobs"}}}}
        """.formatted(image, vcpus));
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private Path spec(String method) throws Exception {
    Path spec = tmp.resolve("spec.yaml");
    Files.writeString(spec, """
        name: aws-e2e
        preset: calcloud-memory-bin
        data: s3://%s/data/calcloud/
        objective: {metric: val_accuracy, goal: maximize}
        %s
        queue: gpu-spot
        resources: {vcpus: 4, memory_mib: 15000, gpus: 1}
        retries: 3
        timeout: 1h30m
        parameters:
          learning_rate: {min: 0.001, max: 0.1, distribution: log_uniform}
          epochs: {value: 4}
        """.formatted(bucket, method));
    return spec;
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--backend", "aws", "--region", S3ProxyServer.REGION, "--aws-endpoint", aws.endpoint().toString(),
        "--s3-endpoint", S3.endpoint().toString(), "--s3-checksums", "when_required"));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static SweepId sweepId(CliRun run) {
    Matcher m = SWEEP_LINE.matcher(run.out());
    assertTrue(m.find(), run.toString());
    return SweepId.of(m.group(1));
  }

  private ObjectStore store() {
    return ObjectStores.open(StorageUri.parse("s3://" + bucket + "/"),
        S3Settings.defaults().withEndpoint(S3.endpoint()).withRegion(S3ProxyServer.REGION)
            .withChecksums(S3Settings.Checksums.WHEN_REQUIRED));
  }

  private static Map<String, String> env(JsonNode submit) {
    Map<String, String> env = new HashMap<>();
    submit.path("containerOverrides").path("environment").forEach(kv -> env.put(kv.get("name").asText(), kv.get("value").asText()));
    return env;
  }

  @Test
  void sweepWritesTheTrialsAndRecordThenSubmitsOneArrayJob() throws Exception {
    CliRun run = cli("sweep", spec("method: random\nmax_trials: 5\nseed: 1").toString());
    assertEquals(0, run.exitCode(), run.toString());
    SweepId id = sweepId(run);

    assertEquals(List.of("BatchTrain-Storage", "BatchTrain-Batch"),
        aws.calls("DescribeStacks").stream().map(c -> c.body().get("StackName").asText()).toList());
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(List.of(id + "-stage", id.value()), submits.stream().map(c -> c.body().get("jobName").asText()).toList(),
        "the staging job first, then the trials");
    JsonNode stage = submits.get(0).body();
    assertEquals(queues.get(QueueChoice.CPU), stage.get("jobQueue").asText(), "staging never takes a GPU queue");
    assertEquals(STAGE_DEFINITION, stage.get("jobDefinition").asText());
    assertEquals(Map.of("BT_DATA_URI", "s3://" + bucket + "/data/calcloud/", "BT_CACHE_DIR", "/static",
        "BT_SWEEP_ID", id.value(), "BT_TRIALS_URI", "s3://" + bucket + "/sweeps/" + id + "/trials.json"), env(stage));
    assertFalse(stage.has("arrayProperties"), stage.toString());
    assertFalse(stage.path("containerOverrides").has("resourceRequirements"), "the stage job definition's resources");
    assertEquals(id.value(), stage.get("tags").get("batchtrain:sweep").asText());
    String stageJobId = aws.jobIds().get(0);
    JsonNode r = submits.get(1).body();
    assertEquals(1, r.get("dependsOn").size());
    assertEquals(stageJobId, r.get("dependsOn").get(0).get("jobId").asText());
    assertEquals(id.value(), r.get("jobName").asText());
    assertEquals(queues.get(QueueChoice.GPU_SPOT), r.get("jobQueue").asText());
    assertEquals("arn:aws:batch:us-east-1:123456789012:job-definition/gpu-trial:3", r.get("jobDefinition").asText());
    assertEquals(5, r.get("arrayProperties").get("size").asInt());
    assertEquals(Map.of("BT_SWEEP_ID", id.value(),
        "BT_TRIALS_URI", "s3://" + bucket + "/sweeps/" + id + "/trials.json",
        "BT_RESULTS_URI", "s3://" + bucket + "/",
        "BT_VCPUS", "4"), env(r));
    Map<String, String> resources = new HashMap<>();
    r.get("containerOverrides").get("resourceRequirements").forEach(x -> resources.put(x.get("type").asText(), x.get("value").asText()));
    assertEquals(Map.of("VCPU", "4", "MEMORY", "15000", "GPU", "1"), resources);
    assertEquals(resources.get("VCPU"), env(r).get("BT_VCPUS"), "TF's pools are sized to the reservation");
    JsonNode retry = r.get("retryStrategy");
    assertEquals(4, retry.get("attempts").asInt());
    assertEquals("Host EC2*", retry.get("evaluateOnExit").get(0).get("onStatusReason").asText());
    assertEquals("RETRY", retry.get("evaluateOnExit").get(0).get("action").asText());
    assertEquals("75", retry.get("evaluateOnExit").get(1).get("onExitCode").asText());
    assertEquals("RETRY", retry.get("evaluateOnExit").get(1).get("action").asText());
    assertEquals("*", retry.get("evaluateOnExit").get(2).get("onReason").asText());
    assertEquals("EXIT", retry.get("evaluateOnExit").get(2).get("action").asText());
    assertEquals(5400, r.get("timeout").get("attemptDurationSeconds").asInt());
    assertEquals(id.value(), r.get("tags").get("batchtrain:sweep").asText());

    try (ObjectStore store = store()) {
      ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
      TrialsFile trials = TrialsFile.fromJson(store.read(layout.trialsFile(id)));
      assertEquals(5, trials.trials().size());
      assertEquals("s3://" + bucket + "/data/calcloud/", trials.dataUri());
      SweepRecord record = SweepRecord.fromJson(store.read(layout.sweepRecord(id)));
      assertEquals(SweepRecord.Backend.AWS, record.backend());
      assertEquals(1, record.submissions().size(), "the staging job runs no trial, so it is no submission");
      assertTrue(record.submissions().get(0).array());
      assertEquals(stageJobId, record.stageJobId());
      assertTrue(run.out().contains("submitted dataset staging job " + stageJobId + " to " + queues.get(QueueChoice.CPU)),
          run.out());
      assertTrue(run.out().contains("submitted Batch job " + record.submissions().get(0).jobId() + " (array of 5)"), run.out());
    }
  }

  @Test
  void aSingleTrialSweepIsAPlainJobPickedByTrialIndex() throws Exception {
    Path spec = spec("method: grid");
    Files.writeString(spec, Files.readString(spec)
        .replace("{min: 0.001, max: 0.1, distribution: log_uniform}", "{value: 0.01}"));
    CliRun run = cli("sweep", spec.toString());
    assertEquals(0, run.exitCode(), run.toString());
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(2, submits.size());
    JsonNode r = submits.get(1).body();
    assertEquals(aws.jobIds().get(0), r.get("dependsOn").get(0).get("jobId").asText(), "a plain job waits for staging too");
    assertFalse(r.has("arrayProperties"), r.toString());
    assertEquals("0", env(r).get("BT_TRIAL_INDEX"));
    assertEquals("4", env(r).get("BT_VCPUS"));
    assertEquals(sweepId(run) + "-t0000", r.get("jobName").asText());
  }

  @Test
  void dryRunPrintsTheExactRequestAndTouchesNothing() throws Exception {
    CliRun run = cli("sweep", spec("method: random\nmax_trials: 3").toString(), "--dry-run");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("\"arrayProperties\" : {\n    \"size\" : 3\n  }"), run.out());
    String out = run.out();
    int stage = out.indexOf("SubmitJob request 1 of 2, dataset staging:");
    int trials = out.indexOf("SubmitJob request 2 of 2, the trials, after the staging job:");
    assertTrue(stage >= 0 && trials > stage, out);
    String stageJson = out.substring(stage, trials);
    assertTrue(stageJson.contains("\"jobDefinition\" : \"" + STAGE_DEFINITION + "\""), stageJson);
    assertTrue(stageJson.contains("\"jobQueue\" : \"" + queues.get(QueueChoice.CPU) + "\""), stageJson);
    assertTrue(stageJson.contains("\"name\" : \"BT_DATA_URI\",\n      \"value\" : \"s3://" + bucket + "/data/calcloud/\""),
        stageJson);
    assertFalse(stageJson.contains("BT_VCPUS"), "staging runs no TensorFlow: " + stageJson);
    assertTrue(out.substring(trials).contains("\"name\" : \"BT_VCPUS\",\n      \"value\" : \"4\""), out.substring(trials));
    assertTrue(out.substring(trials).contains("\"type\" : \"VCPU\",\n      \"value\" : \"4\""), out.substring(trials));
    assertTrue(out.substring(trials).contains("\"dependsOn\" : [ {\n    \"jobId\" : \"<job id of the staging job>\"\n  } ]"),
        out.substring(trials));
    assertTrue(run.out().contains("\"jobQueue\" : \"" + queues.get(QueueChoice.GPU_SPOT) + "\""), run.out());
    assertTrue(run.out().matches("(?s).*trial\\s+learning_rate\\s+epochs\\nt0000\\s+0\\.\\d+\\s+4\\n.*"), run.out());
    assertTrue(aws.calls("submitjob").isEmpty());
    try (ObjectStore store = store()) {
      assertTrue(store.list(StorageUri.parse("s3://" + bucket + "/")).isEmpty());
    }
  }

  @Test
  void statusMapsBatchStatesResumeResubmitsOnlyStoppedTrialsAndCancelStopsTheRest() throws Exception {
    CliRun run = cli("sweep", spec("method: random\nmax_trials: 6").toString());
    assertEquals(0, run.exitCode(), run.toString());
    SweepId id = sweepId(run);
    String job = firstJobId(id);
    ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
    try (ObjectStore store = store()) {
      TrialPublisher publisher = new TrialPublisher(store, layout);
      Path dir = Files.createDirectories(tmp.resolve("t0"));
      Files.writeString(dir.resolve("config.json"), "{}");
      publisher.publish(id, TrialId.ofIndex(0), dir, Map.of("learning_rate", 0.01), Map.of("val_accuracy", 0.9));
      publisher.writeEpochMetrics(id, TrialId.ofIndex(1), 1, Map.of("val_accuracy", 0.5));
      publisher.writeEpochMetrics(id, TrialId.ofIndex(1), 2, Map.of("val_accuracy", 0.6));
    }
    aws.set(job, 0, Status.SUCCEEDED, 0, null);
    aws.set(job, 1, Status.RUNNING, null, null);
    aws.set(job, 2, Status.FAILED, 75, "Essential container in task exited");
    aws.set(job, 3, Status.FAILED, 64, "Essential container in task exited");
    aws.set(job, 4, Status.FAILED, null, "Host EC2 (instance i-0abc) terminated.");
    aws.set(job, 5, Status.SUCCEEDED, 0, null);

    CliRun status = cli("status", id.value());
    assertEquals(0, status.exitCode(), status.toString());
    String out = status.out();
    assertTrue(out.matches("(?s).*t0000\\s+succeeded\\s+4/4\\s+manifest published.*"), out);
    assertTrue(out.matches("(?s).*t0001\\s+running\\s+2/4\\s+running.*"), out);
    assertTrue(out.matches("(?s).*t0002\\s+stopped\\s+0/4\\s+exit 75 \\(transient\\).*"), out);
    assertTrue(out.matches("(?s).*t0003\\s+failed\\s+0/4\\s+exit 64 \\(bad_input\\).*"), out);
    assertTrue(out.matches("(?s).*t0004\\s+stopped\\s+0/4\\s+host reclaimed: Host EC2.*"), out);
    assertTrue(out.matches("(?s).*t0005\\s+failed\\s+0/4\\s+ended successfully but published no manifest.*"), out);
    assertTrue(out.contains("1 succeeded, 1 running, 0 pending, 2 failed, 2 stopped"), out);
    // Children are listed only for the states the parent's summary reports.
    assertEquals(List.of("FAILED", "RUNNING", "SUCCEEDED"), aws.calls("listjobs").stream()
        .map(c -> c.body().get("jobStatus").asText()).sorted().toList());

    CliRun results = cli("results", id.value(), "--format", "json");
    assertEquals(0, results.exitCode(), results.toString());
    assertTrue(results.out().contains("\"finished\" : 1"), results.out());
    assertTrue(results.out().contains("\"trialId\" : \"t0000\""), results.out());

    aws.clearCalls();
    CliRun resume = cli("resume", id.value());
    assertEquals(0, resume.exitCode(), resume.toString());
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(List.of(id + "-t0002", id + "-t0004"), submits.stream().map(c -> c.body().get("jobName").asText()).toList());
    assertEquals(List.of("2", "4"), submits.stream().map(c -> env(c.body()).get("BT_TRIAL_INDEX")).toList());
    assertEquals(List.of("4", "4"), submits.stream().map(c -> env(c.body()).get("BT_VCPUS")).toList());
    assertTrue(submits.stream().noneMatch(c -> c.body().has("arrayProperties")));

    status = cli("status", id.value());
    assertTrue(status.out().matches("(?s).*t0002\\s+pending\\s+0/4\\s+submitted.*"), status.out());
    assertTrue(status.out().contains("1 succeeded, 1 running, 2 pending, 2 failed, 0 stopped"), status.out());

    aws.clearCalls();
    CliRun cancel = cli("cancel", id.value());
    assertEquals(0, cancel.exitCode(), cancel.toString());
    assertEquals(List.of(job), aws.calls("terminatejob").stream().map(c -> c.body().get("jobId").asText()).toList());
    assertEquals(2, aws.calls("canceljob").size());
    assertTrue(cancel.out().contains("asked Batch to stop 3 unfinished job(s)"), cancel.out());
    status = cli("status", id.value());
    assertTrue(status.out().matches("(?s).*t0001\\s+stopped\\s+2/4\\s+killed by signal 15: cancelled with invoke-jobs cancel.*"),
        status.out());
    assertTrue(status.out().matches("(?s).*t0002\\s+stopped\\s+0/4\\s+never ran: cancelled with invoke-jobs cancel.*"),
        status.out());
  }

  /**
   * The reasons a Batch sweep's jobs recorded, read from the results bucket: a trial's own record
   * next to its Batch state (only the record of the attempt Batch reports), and for trials that
   * never ran because the staging job failed, the staging job's record.
   */
  @Test
  void statusShowsTheRecordedReasonsOfFailedTrialsAndOfAFailedStagingJob() throws Exception {
    CliRun run = cli("sweep", spec("method: random\nmax_trials: 4").toString());
    assertEquals(0, run.exitCode(), run.toString());
    SweepId id = sweepId(run);
    String job = firstJobId(id);
    ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
    java.time.Instant t = java.time.Instant.parse("2026-12-02T01:00:00Z");
    try (ObjectStore store = store()) {
      // t0001: attempt 1 was transient (retried by Batch), attempt 2 hit bad data: the newer one is shown.
      store.write(layout.trialFailure(id, TrialId.ofIndex(1), 1), FailureRecord.of(id, java.util.Optional.of(TrialId.ofIndex(1)), 1, 75,
          "cannot reach s3://" + bucket + "/data/calcloud/", t, FailureRecord.Writer.JOB_RUNTIME).toJson());
      store.write(layout.trialFailure(id, TrialId.ofIndex(1), 2), FailureRecord.of(id, java.util.Optional.of(TrialId.ofIndex(1)), 2, 65,
          "calcloud.csv:8: column 'total_mb': expected a finite number, got 'NaN'", t.plusSeconds(60),
          FailureRecord.Writer.JOB_RUNTIME).toJson());
      // t0002: a record of an earlier attempt, but Batch says the last one was killed (OOM): no record of it.
      store.write(layout.trialFailure(id, TrialId.ofIndex(2), 1), FailureRecord.of(id, java.util.Optional.of(TrialId.ofIndex(2)), 1, 75,
          "stopped by SIGTERM after a final checkpoint", t, FailureRecord.Writer.JOB_RUNTIME).toJson());
      // t0000 succeeded after a failed attempt: its old record is never read.
      TrialPublisher publisher = new TrialPublisher(store, layout);
      Path dir = Files.createDirectories(tmp.resolve("t0"));
      Files.writeString(dir.resolve("config.json"), "{}");
      publisher.publish(id, TrialId.ofIndex(0), dir, Map.of("learning_rate", 0.01), Map.of("val_accuracy", 0.9));
      store.write(layout.trialFailure(id, TrialId.ofIndex(0), 1), FailureRecord.of(id, java.util.Optional.of(TrialId.ofIndex(0)), 1, 75,
          "old", t, FailureRecord.Writer.JOB_RUNTIME).toJson());
    }
    aws.set(job, 0, Status.SUCCEEDED, 0, null);
    aws.set(job, 1, Status.FAILED, 65, "Essential container in task exited");
    aws.set(job, 2, Status.FAILED, 137, "OutOfMemoryError: Container killed due to memory usage");
    aws.set(job, 3, Status.FAILED, 64, "Essential container in task exited");

    CliRun status = cli("status", id.value());
    assertEquals(0, status.exitCode(), status.toString());
    String out = status.out();
    assertTrue(out.matches("(?s).*t0000\\s+succeeded\\s+4/4\\s+manifest published\n.*"), out);
    assertTrue(out.matches("(?s).*t0001\\s+failed\\s+0/4\\s+" + Pattern.quote(
        "exit 65 (bad_data): calcloud.csv:8: column 'total_mb': expected a finite number, got 'NaN' (attempt 2)") + "\n.*"), out);
    assertTrue(out.matches("(?s).*t0002\\s+stopped\\s+0/4\\s+" + Pattern.quote(
        "killed by signal 9: OutOfMemoryError: Container killed due to memory usage") + "\n.*"), out);
    assertTrue(out.matches("(?s).*t0003\\s+failed\\s+0/4\\s+" + Pattern.quote("exit 64 (bad_input): Essential container in task exited")
        + "\n.*"), "no record: Batch's reason as before\n" + out);
    JsonNode results = com.batchtrain.contract.ContractJson.mapper().readTree(cli("results", id.value(), "--format", "json").out());
    assertEquals("exit 65 (bad_data): calcloud.csv:8: column 'total_mb': expected a finite number, got 'NaN' (attempt 2)",
        results.get("unfinished").get(0).get("reason").asText());
    assertEquals("t0001", results.get("unfinished").get(0).get("trialId").asText());

    // A second sweep whose staging job fails: Batch fails the array job's children as dependents.
    CliRun second = cli("sweep", spec("method: random\nmax_trials: 2").toString());
    assertEquals(0, second.exitCode(), second.toString());
    SweepId failedStage = sweepId(second);
    SweepRecord record;
    try (ObjectStore store = store()) {
      record = SweepRecord.fromJson(store.read(layout.sweepRecord(failedStage)));
      store.write(layout.stageFailure(failedStage, 1), FailureRecord.of(failedStage, java.util.Optional.empty(), 1, 65,
          "s3://" + bucket + "/data/calcloud/calcloud.csv: missing column 'total_mb' (header has [n_files, total_megabytes])", t,
          FailureRecord.Writer.JOB_RUNTIME).toJson());
    }
    aws.set(record.stageJobId(), null, Status.FAILED, 65, "Essential container in task exited");
    String trialsJob = record.submissions().get(0).jobId();
    aws.set(trialsJob, 0, Status.FAILED, null, BatchJobs.DEPENDENCY_FAILED_REASON);
    aws.set(trialsJob, 1, Status.FAILED, null, BatchJobs.DEPENDENCY_FAILED_REASON);
    aws.clearCalls();
    CliRun stageStatus = cli("status", failedStage.value());
    assertEquals(0, stageStatus.exitCode(), stageStatus.toString());
    String stageReason = "never ran: dataset check failed: exit 65 (bad_data): s3://" + bucket
        + "/data/calcloud/calcloud.csv: missing column 'total_mb' (header has [n_files, total_megabytes]) (staging job, attempt 1)";
    for (String trial : List.of("t0000", "t0001")) {
      assertTrue(stageStatus.out().matches("(?s).*" + trial + "\\s+stopped\\s+0/4\\s+" + Pattern.quote(stageReason) + "\n.*"),
          stageStatus.out());
    }
    // The states: one DescribeJobs (the trials' job and the staging job together), as before; the cost line: one
    // more, of the array's children and the staging job, whose attempts it counts.
    assertEquals(2, aws.calls("describejobs").size());
    assertEquals(java.util.Set.of(trialsJob + ":0", trialsJob + ":1", record.stageJobId()), java.util.Set.of(
        aws.calls("describejobs").get(1).body().get("jobs").get(0).asText(),
        aws.calls("describejobs").get(1).body().get("jobs").get(1).asText(),
        aws.calls("describejobs").get(1).body().get("jobs").get(2).asText()));
    assertEquals(java.util.Set.of(trialsJob, record.stageJobId()), java.util.Set.of(
        aws.calls("describejobs").get(0).body().get("jobs").get(0).asText(), aws.calls("describejobs").get(0).body().get("jobs").get(1).asText()));
  }

  private String firstJobId(SweepId id) {
    try (ObjectStore store = store()) {
      ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
      return SweepRecord.fromJson(store.read(layout.sweepRecord(id))).submissions().get(0).jobId();
    }
  }

  /**
   * A bayes sweep on aws: after the staging job, ONE more SubmitJob, the driver's, on the on-demand
   * CPU queue with the stack's driver definition and the sweep id as its parameter; the driver job
   * submits the trials. The record names the driver job; the dry run shows its request.
   */
  @Test
  void aBayesSweepSubmitsItsDriverAsABatchJob() throws Exception {
    String spec = spec("method: bayes\nmax_trials: 6\nmax_parallel: 2").toString();
    CliRun dry = cli("sweep", spec, "--dry-run");
    assertEquals(0, dry.exitCode(), dry.toString());
    assertTrue(dry.out().contains("trials are proposed one at a time by the driver, from the results so far: 6 in all, at"
        + " most 2 in flight"), dry.out());
    assertTrue(dry.out().contains("SubmitJob request of the driver"), dry.out());
    assertTrue(dry.out().contains("\"jobDefinition\" : \"" + DRIVER_DEFINITION + "\""), dry.out());
    assertTrue(aws.calls("submitjob").isEmpty());

    CliRun run = cli("sweep", spec);
    assertEquals(0, run.exitCode(), run.toString());
    SweepId id = sweepId(run);
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(2, submits.size(), "staging, then the driver: " + submits);
    JsonNode driver = submits.get(1).body();
    assertEquals(id + "-driver", driver.path("jobName").asText());
    assertEquals(DRIVER_DEFINITION, driver.path("jobDefinition").asText());
    assertEquals(queues.get(QueueChoice.CPU), driver.path("jobQueue").asText(), "on-demand CPU, whatever the trials' queue");
    assertEquals(id.value(), driver.path("parameters").path(StackOutputs.DRIVER_SWEEP_PARAMETER).asText());
    assertEquals(id.value(), driver.path("tags").path(JobRequests.SWEEP_TAG).asText());
    assertTrue(run.out().contains("submitted driver job"), run.out());
    try (ObjectStore store = store()) {
      SweepRecord record = new com.batchtrain.invoke.sweep.SweepStore(store,
          new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"))).readRecord(id);
      assertTrue(record.driverJobId() != null && !record.driverJobId().isBlank(), record.toString());
      assertTrue(record.submissions().isEmpty(), "the driver submits the trials, not sweep");
    }
  }

  /**
   * A random sweep whose max_parallel is below its trial count: an array job could not hold Batch to it,
   * so a driver job submits its planned trials a few at a time. The dry run lists the trials it will
   * submit; the trials file written before the driver starts holds the first max_parallel of them, as
   * the planned draws; the same sweep without max_parallel is one array job.
   */
  @Test
  void aRandomSweepWithMaxParallelOnBatchIsDrivenThroughItsPlannedTrials() throws Exception {
    String spec = spec("method: random\nmax_trials: 6\nseed: 4\nmax_parallel: 2").toString();
    CliRun dry = cli("sweep", spec, "--dry-run");
    assertEquals(0, dry.exitCode(), dry.toString());
    assertTrue(dry.out().contains("the driver submits them in this order as slots free up, at most 2 in flight"), dry.out());
    assertTrue(dry.out().contains("t0005"), "the planned trials are listed: " + dry.out());
    assertTrue(dry.out().contains("SubmitJob request of the driver"), dry.out());
    assertTrue(aws.calls("submitjob").isEmpty());

    CliRun run = cli("sweep", spec);
    assertEquals(0, run.exitCode(), run.toString());
    SweepId id = sweepId(run);
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(2, submits.size(), "staging, then the driver: " + submits);
    assertEquals(DRIVER_DEFINITION, submits.get(1).body().path("jobDefinition").asText());
    assertFalse(submits.get(1).body().has("arrayProperties"));
    List<Map<String, Object>> planned = new com.batchtrain.invoke.sweep.TrialPlanner()
        .expand(new com.batchtrain.invoke.spec.SpecReader().read(Files.readString(Path.of(spec))));
    try (ObjectStore store = store()) {
      ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
      TrialsFile trials = TrialsFile.fromJson(store.read(layout.trialsFile(id)));
      assertEquals(2, trials.trials().size(), trials.toString());
      for (int i = 0; i < 2; i++) {
        // As JSON text: the file reads numbers back as JSON's types.
        assertEquals(com.batchtrain.contract.ContractJson.mapper().valueToTree(planned.get(i)).toString(),
            com.batchtrain.contract.ContractJson.mapper().valueToTree(trials.trial(i).hyperparameters()).toString(),
            "trial " + i);
      }
      SweepRecord record = new com.batchtrain.invoke.sweep.SweepStore(store, layout).readRecord(id);
      assertEquals(6, record.trialCount());
      assertEquals(2, record.maxParallel());
    }

    CliRun unbounded = cli("sweep", spec("method: random\nmax_trials: 6\nseed: 4").toString());
    assertEquals(0, unbounded.exitCode(), unbounded.toString());
    List<FakeAwsServer.Call> arrays = aws.calls("submitjob");
    assertEquals(4, arrays.size(), "staging, then the trials: " + arrays);
    assertEquals(6, arrays.get(3).body().path("arrayProperties").path("size").asInt(), "one array job of all 6");
  }

  /**
   * The same random sweep on a stack deployed before the driver's job definition: one array job as before,
   * with a line saying max_parallel is not held and how to hold it; drive refuses it, as any array sweep.
   */
  @Test
  void aRandomSweepWithMaxParallelOnAStackWithoutTheDriverIsOneArrayJobAndSaysSo() throws Exception {
    Map<String, String> older = new HashMap<>(batchOutputs);
    older.remove(StackOutputs.DRIVER_JOB_DEFINITION);
    aws.putStack("BatchTrain-Batch", older);
    CliRun run = cli("sweep", spec("method: random\nmax_trials: 6\nseed: 4\nmax_parallel: 2").toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("max_parallel 2 is not held on Batch: stack BatchTrain-Batch has no driver job definition"),
        run.out());
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(2, submits.size(), "staging, then the trials: " + submits);
    assertEquals(6, submits.get(1).body().path("arrayProperties").path("size").asInt());
    CliRun drive = cli("drive", sweepId(run).value());
    assertEquals(64, drive.exitCode(), drive.toString());
    assertTrue(drive.err().contains("all its trials were submitted at once"), drive.err());
  }

  @Test
  void aBayesSweepOnAStackWithoutTheDriverDefinitionAsksForARedeployOrDriverHere() throws Exception {
    Map<String, String> older = new HashMap<>(batchOutputs);
    older.remove(StackOutputs.DRIVER_JOB_DEFINITION);
    aws.putStack("BatchTrain-Batch", older);
    CliRun run = cli("sweep", spec("method: bayes\nmax_trials: 6").toString());
    assertEquals(69, run.exitCode(), run.toString());
    assertTrue(run.err().contains("stack BatchTrain-Batch has no output DriverJobDefinitionArn"), run.err());
    assertTrue(run.err().contains("--driver here"), run.err());
    assertTrue(aws.calls("submitjob").isEmpty());
    try (ObjectStore store = store()) {
      assertTrue(store.list(StorageUri.parse("s3://" + bucket + "/")).isEmpty(), "nothing written");
    }
  }

  @Test
  void aStackWithoutTheStagingJobDefinitionAsksForARedeployAndSubmitsNothing() throws Exception {
    Map<String, String> older = new HashMap<>(batchOutputs);
    older.remove(StackOutputs.STAGE_JOB_DEFINITION);
    aws.putStack("BatchTrain-Batch", older);
    String spec = spec("method: random\nmax_trials: 2").toString();
    for (CliRun run : List.of(cli("sweep", spec, "--dry-run"), cli("sweep", spec))) {
      assertEquals(69, run.exitCode(), run.toString());
      assertTrue(run.err().contains("stack BatchTrain-Batch has no output StageJobDefinitionArn"), run.err());
      assertTrue(run.err().contains("redeploy infra/"), run.err());
    }
    assertTrue(aws.calls("submitjob").isEmpty());
    try (ObjectStore store = store()) {
      assertTrue(store.list(StorageUri.parse("s3://" + bucket + "/")).isEmpty(), "nothing written");
    }
  }

  /**
   * A command trainer's sweep on Batch: the same two submissions (the stage job stages its data; the
   * runtime checks no model declaration for it), no BT_COMMAND_DIR (the command runs in the image's
   * working directory), and a trials file that carries the command and typed open parameters.
   */
  @Test
  void aCommandTrainersSweepIsSubmittedLikeAnyOtherWithoutACommandDirectory() throws Exception {
    Path spec = tmp.resolve("own.yaml");
    Files.writeString(spec, """
        name: own
        trainer: {command: [python3, train.py, --lr, "{lr}"]}
        data: s3://%s/data/images/
        objective: {metric: val_top1, goal: maximize}
        method: grid
        parameters:
          lr: {values: [0.1, 0.01]}
          layers: {value: 3}
          augment: {value: true}
        """.formatted(bucket));
    CliRun run = cli("sweep", spec.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("2 trial(s) by grid search, command: python3 train.py, objective maximize val_top1"), run.out());
    SweepId id = sweepId(run);
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(List.of(id + "-stage", id.value()), submits.stream().map(c -> c.body().get("jobName").asText()).toList());
    assertEquals(Map.of("BT_SWEEP_ID", id.value(), "BT_TRIALS_URI", "s3://" + bucket + "/sweeps/" + id + "/trials.json",
        "BT_RESULTS_URI", "s3://" + bucket + "/", "BT_VCPUS", "2"), env(submits.get(1).body()));
    try (ObjectStore store = store()) {
      ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
      TrialsFile trials = TrialsFile.fromJson(store.read(layout.trialsFile(id)));
      assertEquals(List.of("python3", "train.py", "--lr", "{lr}"), trials.trainer().command());
      assertEquals(Map.of("lr", 0.01, "layers", 3, "augment", true), trials.trial(1).hyperparameters());
      SweepRecord record = SweepRecord.fromJson(store.read(layout.sweepRecord(id)));
      assertEquals("command: python3 train.py", record.preset());
      assertEquals(null, record.commandDir());
    }
  }

  private Path ownImageSpec(String image) throws Exception {
    return Files.writeString(tmp.resolve("own-image.yaml"), """
        name: own-image
        trainer: {command: [python3, train.py, --lr, "{lr}"], image: %s}
        data: s3://%s/data/images/
        objective: {metric: val_top1, goal: maximize}
        method: grid
        parameters:
          lr: {values: [0.1, 0.01]}
        """.formatted(image, bucket));
  }

  /**
   * trainer.image on aws: the stack's trial definition is described, a copy with only the image
   * changed is registered under a name derived from the stack definition's and the image's hash, and
   * the trials are submitted with it (the staging job keeps the stack's own definition). The next
   * sweep of that image reuses it; once the stack's definition changes, a new revision is registered.
   */
  @Test
  void aSweepOfItsOwnImageRunsOnACopyOfTheTrialDefinitionWithOnlyTheImageChanged() throws Exception {
    String name = "cpu-trial-image-" + sha256(OWN_IMAGE).substring(0, 12);
    assertEquals(name, ImageJobDefinitions.name("cpu-trial", OWN_IMAGE));
    CliRun run = cli("sweep", ownImageSpec(OWN_IMAGE).toString());
    assertEquals(0, run.exitCode(), run.toString());
    SweepId id = sweepId(run);
    String copy = "arn:aws:batch:us-east-1:123456789012:job-definition/" + name + ":1";
    assertTrue(run.out().contains("registered job definition " + copy + " for trainer.image " + OWN_IMAGE + ": " + CPU_TRIAL
        + " with only the image changed"), run.out());
    List<FakeAwsServer.Call> describes = aws.calls("describejobdefinitions");
    assertEquals(CPU_TRIAL, describes.get(0).body().get("jobDefinitions").get(0).asText(), "the stack's definition first");
    assertEquals(name, describes.get(1).body().get("jobDefinitionName").asText(), "then the copies registered so far");
    assertEquals("ACTIVE", describes.get(1).body().get("status").asText());
    List<FakeAwsServer.Call> registers = aws.calls("registerjobdefinition");
    assertEquals(1, registers.size());
    JsonNode registered = registers.get(0).body();
    assertEquals(name, registered.get("jobDefinitionName").asText());
    JsonNode source = trialDefinition(STACK_IMAGE, "2");
    com.fasterxml.jackson.databind.node.ObjectNode expectedContainer = source.get("containerProperties").deepCopy();
    expectedContainer.put("image", OWN_IMAGE);
    assertEquals(expectedContainer, registered.get("containerProperties"), "only the image changed");
    for (String same : List.of("type", "retryStrategy", "timeout", "propagateTags", "platformCapabilities")) {
      assertEquals(source.get(same), registered.get(same), same);
    }
    assertEquals(Map.of("team", "ml"), new com.fasterxml.jackson.databind.ObjectMapper().convertValue(registered.get("tags"), Map.class),
        "CloudFormation's aws: tags cannot be registered by a caller");
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(STAGE_DEFINITION, submits.get(0).body().get("jobDefinition").asText(), "staging runs in the stack's image");
    assertEquals(copy, submits.get(1).body().get("jobDefinition").asText());
    try (ObjectStore store = store()) {
      ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
      assertEquals(copy, SweepRecord.fromJson(store.read(layout.sweepRecord(id))).jobDefinition(), "resume submits it too");
    }

    aws.clearCalls();
    CliRun again = cli("sweep", ownImageSpec(OWN_IMAGE).toString());
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("reusing job definition " + copy), again.out());
    assertTrue(aws.calls("registerjobdefinition").isEmpty(), "the same image on the same stack: registered once");
    assertEquals(copy, aws.calls("submitjob").get(1).body().get("jobDefinition").asText());

    // The stack was redeployed with other settings: its copy follows with a new revision.
    aws.putJobDefinition(CPU_TRIAL, trialDefinition(STACK_IMAGE, "4"));
    aws.clearCalls();
    CliRun redeployed = cli("sweep", ownImageSpec(OWN_IMAGE).toString());
    assertEquals(0, redeployed.exitCode(), redeployed.toString());
    assertEquals(1, aws.calls("registerjobdefinition").size());
    assertEquals("arn:aws:batch:us-east-1:123456789012:job-definition/" + name + ":2",
        aws.calls("submitjob").get(1).body().get("jobDefinition").asText());

    // The stack's own image needs no copy.
    aws.clearCalls();
    CliRun stackImage = cli("sweep", ownImageSpec(STACK_IMAGE).toString());
    assertEquals(0, stackImage.exitCode(), stackImage.toString());
    assertTrue(aws.calls("registerjobdefinition").isEmpty());
    assertEquals(CPU_TRIAL, aws.calls("submitjob").get(1).body().get("jobDefinition").asText());
  }

  @Test
  void aDryRunOfItsOwnImageShowsTheRegistrationAndRegistersNothing() throws Exception {
    CliRun run = cli("sweep", ownImageSpec(OWN_IMAGE).toString(), "--dry-run");
    assertEquals(0, run.exitCode(), run.toString());
    String out = run.out();
    String name = ImageJobDefinitions.name("cpu-trial", OWN_IMAGE);
    int register = out.indexOf("RegisterJobDefinition request, for trainer.image (a copy of " + CPU_TRIAL
        + " with only the image changed; the trials' SubmitJob names its latest revision):");
    int trials = out.indexOf("SubmitJob request 2 of 2, the trials, after the staging job:");
    assertTrue(register >= 0 && trials > register, out);
    String registration = out.substring(register, out.indexOf("SubmitJob request 1 of 2"));
    assertTrue(registration.contains("\"jobDefinitionName\" : \"" + name + "\""), registration);
    assertTrue(registration.contains("\"image\" : \"" + OWN_IMAGE + "\""), registration);
    assertTrue(registration.contains("\"jobRoleArn\" : \"arn:aws:iam::123456789012:role/BatchTrain-Batch-JobRole\""),
        registration);
    assertTrue(out.substring(trials).contains("\"jobDefinition\" : \"" + name + "\""), out.substring(trials));
    assertTrue(aws.calls("registerjobdefinition").isEmpty());
    assertTrue(aws.calls("submitjob").isEmpty());
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void aDatasetReadInPlaceNeedsNoStagingJob() throws Exception {
    Path spec = spec("method: random\nmax_trials: 2");
    Files.writeString(spec, Files.readString(spec).replace("s3://" + bucket + "/data/calcloud/", "file:///shared/calcloud/"));
    Map<String, String> older = new HashMap<>(batchOutputs);
    older.remove(StackOutputs.STAGE_JOB_DEFINITION);
    aws.putStack("BatchTrain-Batch", older);
    CliRun run = cli("sweep", spec.toString());
    assertEquals(0, run.exitCode(), run.toString());
    List<FakeAwsServer.Call> submits = aws.calls("submitjob");
    assertEquals(1, submits.size());
    assertFalse(submits.get(0).body().has("dependsOn"), submits.get(0).body().toString());
    try (ObjectStore store = store()) {
      ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/"));
      assertEquals(null, SweepRecord.fromJson(store.read(layout.sweepRecord(sweepId(run)))).stageJobId());
    }
  }

  @Test
  void aMissingStackIsReportedAsUnavailable() throws Exception {
    aws.close();
    aws = new FakeAwsServer();
    CliRun run = cli("sweep", spec("method: random\nmax_trials: 2").toString());
    assertEquals(69, run.exitCode(), run.toString());
    assertTrue(run.err().contains("stack BatchTrain-Storage is not deployed"), run.err());
  }
}
