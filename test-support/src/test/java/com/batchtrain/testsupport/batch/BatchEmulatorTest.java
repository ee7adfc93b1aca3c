package com.batchtrain.testsupport.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.testsupport.RequiredTool;
import com.batchtrain.testsupport.S3ProxyServer;
import com.batchtrain.testsupport.container.BusyboxImage;
import com.batchtrain.testsupport.container.Cgroup;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.BatchException;
import software.amazon.awssdk.services.batch.model.ClientException;
import software.amazon.awssdk.services.batch.model.ContainerOverrides;
import software.amazon.awssdk.services.batch.model.EvaluateOnExit;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.batch.model.RetryAction;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The emulated Batch account, driven by the real SDK clients, running a busybox image under a
 * hand-written cloud assembly (two stacks with cross-stack exports): how jobs are run, retried,
 * stopped and refused. The project's own stacks and image run through it in the aws-e2e module,
 * which also covers attempt timeouts (Batch's minimum is 60 s: one such wait in the suite is enough).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchEmulatorTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path work;
  static BatchEmulator emulator;
  static BatchClient batch;
  static String cpuQueue;
  static String spotQueue;
  static String gpuQueue;
  static String shell;
  static String sealed;

  @BeforeAll
  static void start() throws Exception {
    Path busybox = RequiredTool.BUSYBOX.require();
    Path image = BusyboxImage.build(Files.createDirectories(work.resolve("image")), busybox);
    emulator = BatchEmulator.builder()
        .cloudAssembly(Path.of(BatchEmulatorTest.class.getResource("/emulator-assembly/manifest.json").toURI()).getParent())
        .workDir(work.resolve("account"))
        .s3(S3)
        .maxContainers(6)
        .stopTimeout(Duration.ofSeconds(2))
        .start();
    emulator.imagesReferenced().forEach(ref -> emulator.push(ref, image));
    batch = BatchClient.builder().endpointOverride(emulator.endpoint()).region(Region.of(emulator.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY)))
        .build();
    cpuQueue = emulator.output("Emu-Batch", "CpuQueueArn");
    spotQueue = emulator.output("Emu-Batch", "CpuSpotQueueArn");
    gpuQueue = emulator.output("Emu-Batch", "GpuSpotQueueArn");
    shell = emulator.output("Emu-Batch", "ShellJobDefinitionArn");
    sealed = emulator.output("Emu-Batch", "SealedJobDefinitionArn");
  }

  @AfterAll
  static void stop() {
    if (batch != null) {
      batch.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  @Order(1)
  void describeStacksAnswersWithTheTemplatesOutputs() {
    try (CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(emulator.endpoint())
        .region(Region.of(emulator.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY)))
        .build()) {
      Stack stack = cfn.describeStacks(r -> r.stackName("Emu-Batch")).stacks().get(0);
      Map<String, String> outputs = stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
      assertEquals("arn:aws:batch:us-east-1:123456789012:job-queue/emu-cpu", outputs.get("CpuQueueArn"));
      assertEquals("arn:aws:batch:us-east-1:123456789012:job-definition/Emu-shell:1", outputs.get("ShellJobDefinitionArn"));
      assertEquals("us-east-1-emu-${Literal}", outputs.get("Greeting"));
      CloudFormationException missing = assertThrows(CloudFormationException.class,
          () -> cfn.describeStacks(r -> r.stackName("Nope-Batch")));
      assertEquals("ValidationError", missing.awsErrorDetails().errorCode());
      assertTrue(missing.getMessage().contains("Stack with id Nope-Batch does not exist"), missing.getMessage());
    }
    String bucket = emulator.output("Emu-Storage", "BucketName");
    assertTrue(bucket.startsWith("emu-storage-results-"), bucket);
    assertTrue(S3.client().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)), "the stack's bucket exists in S3");
  }

  @Test
  @Order(2)
  void aJobRunsFromTheImageWithTheDefinitionsSettingsAndTheOverrides() throws Exception {
    String id = submit(r -> r.jobName("env-and-mounts").containerOverrides(ContainerOverrides.builder()
            .environment(env("OVERRIDDEN", "request"), env("ONLY_REQUEST", "yes"))
            .command("sh", "-c", String.join("; ",
                "echo uid=$(id -u):$(id -g)",
                "env | grep -E '^(FROM_DEFINITION|OVERRIDDEN|ONLY_REQUEST|BUCKET|AWS_BATCH_[A-Z_]+|AWS_REGION|AWS_DEFAULT_REGION|AWS_ENDPOINT_URL_[A-Z]+|AWS_CONTAINER_CREDENTIALS_FULL_URI)=' | sort",
                "touch /runs/written && echo runs-writable",
                "touch /static/x 2>/dev/null && echo static-writable || echo static-read-only",
                "touch /tmp/root-file && echo root-writable",
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.shares 2>/dev/null || echo no-cgroup")).build()),
        null);
    JobView job = awaitEnd(id);
    assertEquals(JobStatus.SUCCEEDED, job.status(), job.outputs());
    String out = job.attempts().get(0).output();
    assertTrue(out.contains("uid=1000:1000"), out);
    assertTrue(out.contains("FROM_DEFINITION=def\n"), out);
    assertTrue(out.contains("OVERRIDDEN=request\n"), out);
    assertTrue(out.contains("ONLY_REQUEST=yes\n"), out);
    assertTrue(out.contains("BUCKET=s3://" + emulator.output("Emu-Storage", "BucketName") + "/\n"), out);
    assertTrue(out.contains("AWS_BATCH_JOB_ID=" + id + "\n"), out);
    assertTrue(out.contains("AWS_BATCH_JOB_ATTEMPT=1\n"), out);
    assertTrue(out.contains("AWS_BATCH_JQ_NAME=emu-cpu\n"), out);
    assertTrue(out.contains("AWS_BATCH_CE_NAME=" + job.attempts().get(0).computeEnvironment() + "\n"), out);
    assertTrue(out.contains("AWS_REGION=us-east-1\n"), out);
    assertTrue(out.contains("AWS_DEFAULT_REGION=us-east-1\n"), out);
    assertTrue(out.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=" + emulator.endpoint() + "/v2/credentials/"), out);
    // The SDKs' service endpoints: a job that calls Batch or CloudFormation reaches this account.
    assertTrue(out.contains(BatchEmulator.BATCH_ENDPOINT_VARIABLE + "=" + emulator.endpoint() + "\n"), out);
    assertTrue(out.contains(BatchEmulator.CLOUDFORMATION_ENDPOINT_VARIABLE + "=" + emulator.endpoint() + "\n"), out);
    assertFalse(out.contains("AWS_BATCH_JOB_ARRAY_INDEX"), "a plain job has no array index: " + out);
    assertTrue(out.contains("runs-writable"), out);
    assertTrue(out.contains("static-read-only"), out);
    assertTrue(out.contains("root-writable"), out);
    if (Cgroup.supported()) {
      assertTrue(out.contains(Long.toString(256L * 1024 * 1024) + "\n1024"), "256 MiB hard limit and 1 vCPU of shares: " + out);
    }
    // The EFS access points' root directories, created on first mount with their creation info.
    String runsAp = emulator.cloud().stack("Emu-Storage").orElseThrow().output("ExportRunsAp").orElseThrow();
    Path runs = emulator.accessPointDirectory(runsAp);
    assertTrue(Files.exists(runs.resolve("written")));
    assertEquals(1000, Files.getAttribute(runs, "unix:uid"));
    assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(runs)));
    // Each container's root is its own: a second job does not see the first one's file.
    JobView second = awaitEnd(submit(r -> r.jobName("fresh-root"), "test ! -e /tmp/root-file && echo fresh"));
    assertTrue(second.attempts().get(0).output().contains("fresh"), second.outputs());
  }

  /**
   * A job that drives other jobs (the sweep driver) calls the Batch API from its container: with
   * the endpoint, the job role's credentials and the region the container is given, it is served
   * (busybox's wget stands in for an SDK: the emulator reads the key from the SigV4 header).
   */
  @Test
  @Order(3)
  void aJobReachesTheBatchApiWithItsRolesCredentials() throws Exception {
    JobView job = awaitEnd(submit(r -> r.jobName("calls-batch"), String.join("; ",
        "set -e",
        "key=$(busybox wget -qO- \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\" | sed 's/.*\"AccessKeyId\":\"\\([^\"]*\\)\".*/\\1/')",
        "auth=\"AWS4-HMAC-SHA256 Credential=$key/20260101/$AWS_REGION/batch/aws4_request, SignedHeaders=host, Signature=0\"",
        "busybox wget -qO- --header \"Authorization: $auth\" --header 'Content-Type: application/json'"
            + " --post-data \"{\\\"jobs\\\":[\\\"$AWS_BATCH_JOB_ID\\\"]}\" \"$AWS_ENDPOINT_URL_BATCH/v1/describejobs\"")));
    assertEquals(JobStatus.SUCCEEDED, job.status(), job.outputs());
    String out = job.attempts().get(0).output();
    // DescribeJobs of itself, answered while it runs.
    assertTrue(out.contains("\"jobName\":\"calls-batch\""), out);
    assertTrue(out.contains("\"status\":\"RUNNING\""), out);
  }

  @Test
  @Order(3)
  void theJobRolesCredentialsAreServedToTheContainer() throws Exception {
    JobView job = awaitEnd(submit(r -> r.jobName("creds"), "echo $AWS_CONTAINER_CREDENTIALS_FULL_URI"));
    String uri = job.attempts().get(0).output().trim();
    String doc = new String(URI.create(uri).toURL().openStream().readAllBytes());
    assertTrue(doc.contains("\"AccessKeyId\":\"" + S3ProxyServer.ACCESS_KEY_ID + "\""), doc);
    assertTrue(doc.contains("\"RoleArn\":\"arn:aws:iam::123456789012:role/Emu-Batch-JobRole-"), doc);
  }

  @Test
  @Order(4)
  void arrayChildrenGetTheirIndexAndTheParentFollowsThem() throws Exception {
    String id = submit(r -> r.jobName("array").arrayProperties(ArrayProperties.builder().size(3).build()),
        "echo index=$AWS_BATCH_JOB_ARRAY_INDEX size=$AWS_BATCH_JOB_ARRAY_SIZE id=$AWS_BATCH_JOB_ID; test $AWS_BATCH_JOB_ARRAY_INDEX != 2");
    JobView parent = awaitEnd(id);
    assertEquals(JobStatus.FAILED, parent.status(), "one child failed, so the parent fails once all are done");
    for (int i = 0; i < 3; i++) {
      JobView child = emulator.job(id + ":" + i);
      assertTrue(child.attempts().get(0).output().contains("index=" + i + " size=3 id=" + id + ":" + i), child.outputs());
      assertEquals(i == 2 ? JobStatus.FAILED : JobStatus.SUCCEEDED, child.status());
    }
    JobDetail d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
    assertEquals(3, d.arrayProperties().size());
    assertEquals(Map.of("SUCCEEDED", 2, "FAILED", 1), d.arrayProperties().statusSummary().entrySet().stream()
        .filter(e -> e.getValue() > 0).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    List<JobSummary> failed = batch.listJobs(r -> r.arrayJobId(id).jobStatus("FAILED")).jobSummaryList();
    assertEquals(1, failed.size());
    assertEquals(2, failed.get(0).arrayProperties().index());
    assertEquals(1, failed.get(0).container().exitCode(), "exit 1 is not retried: the EXIT rule matches it");
  }

  @Test
  @Order(5)
  void aFailedDependencyFailsItsDependentsWithBatchsReason() throws Exception {
    String first = submit(r -> r.jobName("dependency"), "exit 3");
    String dependent = submit(r -> r.jobName("dependent").dependsOn(d -> d.jobId(first))
        .arrayProperties(ArrayProperties.builder().size(2).build()), "echo never");
    assertEquals(JobStatus.FAILED, awaitEnd(dependent).status());
    assertEquals("Dependent Job failed", emulator.job(dependent + ":0").statusReason().orElseThrow());
    assertTrue(emulator.job(dependent + ":1").attempts().isEmpty(), "nothing ran");
    String ok = submit(r -> r.jobName("ok"), "true");
    String after = submit(r -> r.jobName("after-ok").dependsOn(d -> d.jobId(ok)), "echo ran");
    assertEquals(JobStatus.SUCCEEDED, awaitEnd(after).status());
  }

  @Test
  @Order(6)
  void exit75IsRetriedUntilTheAttemptsRunOut() throws Exception {
    JobView job = awaitEnd(submit(r -> r.jobName("transient"), "echo attempt $AWS_BATCH_JOB_ATTEMPT; exit 75"));
    assertEquals(JobStatus.FAILED, job.status());
    assertEquals(List.of(1, 2, 3), job.attempts().stream().map(JobView.AttemptView::number).toList());
    assertTrue(job.attempts().get(2).output().contains("attempt 3"), job.outputs());
    JobView recovers = awaitEnd(submit(r -> r.jobName("recovers"), "test $AWS_BATCH_JOB_ATTEMPT = 2 || exit 75"));
    assertEquals(JobStatus.SUCCEEDED, recovers.status(), recovers.outputs());
    assertEquals(2, recovers.attempts().size());
    // The request's strategy wins over the definition's; a failure no rule matches is retried.
    JobView noRule = awaitEnd(submit(r -> r.jobName("no-rule-matches").retryStrategy(s -> s.attempts(2)
        .evaluateOnExit(EvaluateOnExit.builder().onExitCode("9").action(RetryAction.EXIT).build())), "exit 4"));
    assertEquals(2, noRule.attempts().size());
  }

  @Test
  @Order(7)
  void aReclaimedSpotInstanceEndsTheAttemptWithTheHostReasonAndTheJobIsRetried() throws Exception {
    String id = submit(r -> r.jobName("reclaimed").jobQueue(spotQueue),
        "trap 'echo got TERM; exit 75' TERM; echo attempt $AWS_BATCH_JOB_ATTEMPT; test $AWS_BATCH_JOB_ATTEMPT = 2 && exit 0;"
            + " while true; do sleep 1; done");
    assertEquals(JobStatus.RUNNING, emulator.await(id, JobStatus.RUNNING, WAIT));
    Thread.sleep(500);
    emulator.reclaim(id);
    JobView job = awaitEnd(id);
    assertEquals(JobStatus.SUCCEEDED, job.status(), job.outputs());
    JobView.AttemptView first = job.attempts().get(0);
    assertEquals("Host EC2 (instance " + first.instanceId() + ") terminated.", first.statusReason().orElseThrow());
    assertTrue(first.exitCode().isEmpty(), "the host took the exit code with it");
    assertTrue(first.output().contains("got TERM"), "SIGTERM first: " + first.output());
    JobDetail d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
    assertEquals(2, d.attempts().size());
    assertEquals(first.statusReason().get(), d.attempts().get(0).statusReason());
  }

  @Test
  @Order(8)
  void onlySpotInstancesAreReclaimed() throws Exception {
    String id = submit(r -> r.jobName("on-demand"), "sleep 30");
    assertEquals(JobStatus.RUNNING, emulator.await(id, JobStatus.RUNNING, WAIT));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> emulator.reclaim(id));
    assertTrue(e.getMessage().contains("only spot instances are reclaimed"), e.getMessage());
    batch.terminateJob(r -> r.jobId(id).reason("done"));
    awaitEnd(id);
  }

  @Test
  @Order(9)
  void terminateStopsARunningJobWithoutRetryAndKillsWhatIgnoresSigterm() throws Exception {
    String id = submit(r -> r.jobName("stubborn"), "trap 'echo ignoring TERM' TERM; while true; do sleep 1; done");
    assertEquals(JobStatus.RUNNING, emulator.await(id, JobStatus.RUNNING, WAIT));
    Thread.sleep(500);
    batch.terminateJob(r -> r.jobId(id).reason("stop it"));
    JobView job = awaitEnd(id);
    assertEquals(JobStatus.FAILED, job.status());
    assertEquals("stop it", job.statusReason().orElseThrow());
    assertEquals(1, job.attempts().size(), "a terminated job is not retried");
    assertEquals(137, job.attempts().get(0).exitCode().orElseThrow(), "SIGKILL after the stop timeout");
    assertTrue(job.attempts().get(0).output().contains("ignoring TERM"), job.outputs());
  }

  @Test
  @Order(10)
  void cancelFailsQueuedJobsAndLeavesRunningOnes() throws Exception {
    String running = submit(r -> r.jobName("keeps-running"), "sleep 4");
    assertEquals(JobStatus.RUNNING, emulator.await(running, JobStatus.RUNNING, WAIT));
    String waiting = submit(r -> r.jobName("waits").dependsOn(d -> d.jobId(running)), "echo never");
    batch.cancelJob(r -> r.jobId(running).reason("cancel"));
    batch.cancelJob(r -> r.jobId(waiting).reason("cancelled while pending"));
    assertEquals(JobStatus.SUCCEEDED, awaitEnd(running).status(), "CancelJob leaves a running job alone");
    JobView w = awaitEnd(waiting);
    assertEquals(JobStatus.FAILED, w.status());
    assertEquals("cancelled while pending", w.statusReason().orElseThrow());
  }

  @Test
  @Order(11)
  void aReadOnlyRootGetsOnlyItsTmpfsAndTheMemoryLimitIsEnforced() throws Exception {
    JobView ro = awaitEnd(submit(r -> r.jobName("sealed").jobDefinition(sealed),
        "touch /tmp/root-file 2>/dev/null && echo root-writable || echo root-read-only; touch /scratch/x && echo scratch-writable"));
    String out = ro.attempts().get(0).output();
    assertTrue(out.contains("root-read-only") && out.contains("scratch-writable"), out);
    if (Cgroup.supported()) {
      // 200 MiB into a tmpfs is charged to the container's 128 MiB: the kernel kills PID 1, ECS says why.
      JobView oom = awaitEnd(submit(r -> r.jobName("oom").jobDefinition(sealed).retryStrategy(s -> s.attempts(1)),
          "exec dd if=/dev/zero of=/scratch/fill bs=1M count=200"));
      assertEquals(JobStatus.FAILED, oom.status(), oom.outputs());
      assertEquals(137, oom.attempts().get(0).exitCode().orElseThrow(), oom.outputs());
      assertEquals("OutOfMemoryError: Container killed due to memory usage", oom.attempts().get(0).reason().orElseThrow());
    }
  }

  @Test
  @Order(12)
  void requestsAreValidatedAsTheBatchApiDocumentsThem() {
    Map<String, Consumer<SubmitJobRequest.Builder>> bad = new java.util.LinkedHashMap<>();
    bad.put("jobName is required", r -> r.jobName(null));
    bad.put("Job name '-x' is invalid", r -> r.jobName("-x"));
    bad.put("Job name 'a" + "b".repeat(128) + "' is invalid", r -> r.jobName("a" + "b".repeat(128)));
    bad.put("JobQueue nope not found", r -> r.jobQueue("nope"));
    bad.put("Job definition Emu-missing not found", r -> r.jobDefinition("Emu-missing"));
    bad.put("Array job size must be between 2 and 10,000, got 1", r -> r.arrayProperties(a -> a.size(1)));
    bad.put("Array job size must be between 2 and 10,000, got 10001", r -> r.arrayProperties(a -> a.size(10_001)));
    bad.put("retryStrategy.attempts must be between 1 and 10, got 11", r -> r.retryStrategy(s -> s.attempts(11)));
    bad.put("retryStrategy.attempts must be specified", r -> r.retryStrategy(s -> s.evaluateOnExit(
        EvaluateOnExit.builder().onExitCode("1").action(RetryAction.RETRY).build())));
    bad.put("onExitCode '7a' is invalid", r -> r.retryStrategy(s -> s.attempts(2).evaluateOnExit(
        EvaluateOnExit.builder().onExitCode("7a").action(RetryAction.RETRY).build())));
    bad.put("at least 60 seconds, got 59", r -> r.timeout(t -> t.attemptDurationSeconds(59)));
    bad.put("AWS_BATCH_JOB_ID is invalid", r -> r.containerOverrides(o -> o.environment(env("AWS_BATCH_JOB_ID", "x"))));
    bad.put("fit no instance type of job queue emu-cpu", r -> r.containerOverrides(o -> o.resourceRequirements(
        requirement(ResourceType.GPU, 1))));
    bad.put("(33 vCPU, 256 MiB, 0 GPU) fit no instance type of job queue emu-gpu-spot", r -> r.jobQueue(gpuQueue)
        .containerOverrides(o -> o.resourceRequirements(requirement(ResourceType.VCPU, 33))));
    bad.put("(8 vCPU, 300000 MiB, 1 GPU) fit no instance type", r -> r.jobQueue(gpuQueue).containerOverrides(o ->
        o.resourceRequirements(requirement(ResourceType.VCPU, 8), requirement(ResourceType.MEMORY, 300_000),
            requirement(ResourceType.GPU, 1))));
    bad.put("Dependent job 00000000-0000-0000-0000-000000000000 not found",
        r -> r.dependsOn(d -> d.jobId("00000000-0000-0000-0000-000000000000")));
    for (Map.Entry<String, Consumer<SubmitJobRequest.Builder>> c : bad.entrySet()) {
      SubmitJobRequest.Builder r = SubmitJobRequest.builder().jobName("bad").jobQueue(cpuQueue).jobDefinition(shell);
      c.getValue().accept(r);
      ClientException e = assertThrows(ClientException.class, () -> batch.submitJob(r.build()), c.getKey());
      assertTrue(e.awsErrorDetails().errorMessage().contains(c.getKey()), c.getKey() + " vs " + e.getMessage());
      assertEquals(400, e.statusCode());
    }
    // A p3.8xlarge holds a 1-GPU trial of 8 vCPUs and 58 GiB, and the whole node's 4 GPUs.
    String gpu = batch.submitJob(b -> b.jobName("gpu-fits").jobQueue(gpuQueue).jobDefinition(shell)
        .containerOverrides(o -> o.command("sh", "-c", "echo $NVIDIA_VISIBLE_DEVICES").resourceRequirements(
            requirement(ResourceType.VCPU, 8), requirement(ResourceType.MEMORY, 59_392), requirement(ResourceType.GPU, 1))))
        .jobId();
    batch.terminateJob(r -> r.jobId(gpu).reason("only validating"));
  }

  @Test
  @Order(13)
  void callersWithExpiredOrRefusedKeysGetTheErrorsAwsReturns() {
    emulator.caller("expired-key", BatchEmulator.Caller.EXPIRED).caller("denied-key", BatchEmulator.Caller.DENIED);
    for (Map.Entry<String, String> c : Map.of("expired-key", "ExpiredTokenException", "denied-key", "AccessDeniedException",
        "unknown-key", "UnrecognizedClientException").entrySet()) {
      try (BatchClient client = BatchClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.getKey(), "secret"))).build()) {
        BatchException e = assertThrows(BatchException.class, () -> client.describeJobs(r -> r.jobs("x")));
        assertEquals(c.getValue(), e.awsErrorDetails().errorCode(), c.getKey());
      }
    }
  }

  /**
   * DescribeJobDefinitions answers with the templates' definitions in the API's shape, and a copy
   * registered with another image gets revisions of its own name and runs from that image, which the
   * test pushed under the new URI.
   */
  @Test
  @Order(14)
  void aDefinitionRegisteredWithAnotherImageRunsFromThatImage() throws Exception {
    List<software.amazon.awssdk.services.batch.model.JobDefinition> described =
        batch.describeJobDefinitions(r -> r.jobDefinitions(shell)).jobDefinitions();
    assertEquals(1, described.size());
    software.amazon.awssdk.services.batch.model.JobDefinition source = described.get(0);
    assertEquals("Emu-shell", source.jobDefinitionName());
    assertEquals(1, source.revision());
    assertEquals("ACTIVE", source.status());
    assertEquals("container", source.type());
    assertEquals(List.of("sh", "-c", "echo from the definition"), source.containerProperties().command());
    assertEquals("1000:1000", source.containerProperties().user());
    assertTrue(source.containerProperties().jobRoleArn().startsWith("arn:aws:iam::123456789012:role/Emu-Batch-JobRole-"),
        source.containerProperties().jobRoleArn());
    assertEquals(List.of("static", "runs"), source.containerProperties().volumes().stream()
        .map(software.amazon.awssdk.services.batch.model.Volume::name).toList());
    assertEquals(source, batch.describeJobDefinitions(r -> r.jobDefinitions("Emu-shell:1")).jobDefinitions().get(0));
    assertTrue(batch.describeJobDefinitions(r -> r.jobDefinitions("Emu-shell:9")).jobDefinitions().isEmpty(),
        "an unknown revision is left out");

    String uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/trainer:v1";
    Path own = BusyboxImage.build(Files.createDirectories(work.resolve("own-image")), RequiredTool.BUSYBOX.require(),
        Map.of("/etc/flavour", "the team's image\n"));
    emulator.push(uri, own);
    software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse first = batch.registerJobDefinition(r -> r
        .jobDefinitionName("Emu-shell-own").type(source.type()).parameters(source.parameters())
        .containerProperties(source.containerProperties().toBuilder().image(uri).build())
        .retryStrategy(source.retryStrategy()).timeout(source.timeout()).propagateTags(source.propagateTags())
        .platformCapabilitiesWithStrings(source.platformCapabilitiesAsStrings()));
    assertEquals(1, first.revision());
    assertEquals("arn:aws:batch:us-east-1:123456789012:job-definition/Emu-shell-own:1", first.jobDefinitionArn());
    software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse second = batch.registerJobDefinition(r -> r
        .jobDefinitionName("Emu-shell-own").type("container")
        .containerProperties(source.containerProperties().toBuilder().image(uri).build()));
    assertEquals(2, second.revision(), "the same name again is the next revision");
    List<software.amazon.awssdk.services.batch.model.JobDefinition> own2 =
        batch.describeJobDefinitions(r -> r.jobDefinitionName("Emu-shell-own").status("ACTIVE")).jobDefinitions();
    assertEquals(List.of(1, 2), own2.stream().map(software.amazon.awssdk.services.batch.model.JobDefinition::revision).toList());
    assertEquals(source.containerProperties().toBuilder().image(uri).build(), own2.get(0).containerProperties(),
        "only the image differs");
    assertEquals(source.retryStrategy(), own2.get(0).retryStrategy());
    assertTrue(batch.describeJobDefinitions(r -> r.jobDefinitionName("Emu-shell-own").status("INACTIVE"))
        .jobDefinitions().isEmpty());
    software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsResponse page =
        batch.describeJobDefinitions(r -> r.jobDefinitionName("Emu-shell-own").maxResults(1));
    assertEquals(1, page.jobDefinitions().get(0).revision());
    assertEquals(2, batch.describeJobDefinitions(r -> r.jobDefinitionName("Emu-shell-own").maxResults(1)
        .nextToken(page.nextToken())).jobDefinitions().get(0).revision(), "the second page");

    JobView job = awaitEnd(submit(r -> r.jobName("own-image").jobDefinition(first.jobDefinitionArn()),
        "cat /etc/flavour; touch /runs/own && echo runs-writable"));
    assertEquals(JobStatus.SUCCEEDED, job.status(), job.outputs());
    assertEquals(first.jobDefinitionArn(), job.jobDefinition());
    assertTrue(job.attempts().get(0).output().contains("the team's image"), job.outputs());
    assertTrue(job.attempts().get(0).output().contains("runs-writable"), "the copy keeps the volumes: " + job.outputs());
    // By name alone SubmitJob takes the latest revision.
    assertEquals(JobStatus.SUCCEEDED, awaitEnd(submit(r -> r.jobName("own-latest").jobDefinition("Emu-shell-own"),
        "cat /etc/flavour")).status());
    assertTrue(emulator.jobDefinitions().stream().anyMatch(d -> d.arn().equals(second.jobDefinitionArn()) && d.image().equals(uri)));

    // An image nobody pushed fails at the pull, as ECS reports it.
    String missing = batch.registerJobDefinition(r -> r.jobDefinitionName("Emu-shell-missing").type("container")
        .containerProperties(source.containerProperties().toBuilder()
            .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/trainer:never-pushed").build())).jobDefinitionArn();
    JobView unpulled = awaitEnd(submit(r -> r.jobName("unpulled").jobDefinition(missing).retryStrategy(s -> s.attempts(1)),
        "true"));
    assertEquals(JobStatus.FAILED, unpulled.status());
    assertTrue(unpulled.attempts().get(0).reason().orElseThrow().startsWith("CannotPullContainerError"), unpulled.outputs());
  }

  @Test
  @Order(15)
  void jobDefinitionRequestsAreValidatedAsTheBatchApiDocumentsThem() {
    software.amazon.awssdk.services.batch.model.ContainerProperties props =
        batch.describeJobDefinitions(r -> r.jobDefinitions(shell)).jobDefinitions().get(0).containerProperties();
    Map<String, Consumer<software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest.Builder>> bad =
        new java.util.LinkedHashMap<>();
    bad.put("jobDefinitionName is required", r -> r.jobDefinitionName(null));
    bad.put("type is required", r -> r.type((String) null));
    bad.put("type must be one of [\"container\",\"multinode\"], got 'docker'", r -> r.type("docker"));
    bad.put("jobDefinitionName 'has space' is invalid", r -> r.jobDefinitionName("has space"));
    bad.put("jobDefinitionName '" + "a".repeat(129) + "' is invalid", r -> r.jobDefinitionName("a".repeat(129)));
    bad.put("containerProperties is required", r -> r.containerProperties((software.amazon.awssdk.services.batch.model.ContainerProperties) null));
    bad.put("containerProperties.image is required", r -> r.containerProperties(props.toBuilder().image(null).build()));
    bad.put("containerProperties.image 'no spaces please' is invalid", r -> r.containerProperties(props.toBuilder()
        .image("no spaces please").build()));
    bad.put("multi-node job definitions", r -> r.type("multinode"));
    bad.put("platformCapabilities FARGATE is not implemented", r -> r.platformCapabilitiesWithStrings("FARGATE"));
    bad.put("sourceVolume 'nope' names no volume", r -> r.containerProperties(props.toBuilder()
        .mountPoints(software.amazon.awssdk.services.batch.model.MountPoint.builder().containerPath("/x").sourceVolume("nope").build())
        .build()));
    bad.put("AWS_BATCH_X is invalid", r -> r.containerProperties(props.toBuilder().environment(env("AWS_BATCH_X", "1")).build()));
    bad.put("VCPU must be a positive integer, got '0'", r -> r.containerProperties(props.toBuilder()
        .resourceRequirements(requirement(ResourceType.VCPU, 0)).build()));
    bad.put("retryStrategy.attempts must be between 1 and 10, got 11", r -> r.retryStrategy(s -> s.attempts(11)));
    bad.put("timeout.attemptDurationSeconds must be at least 60 seconds, got 59", r -> r.timeout(t -> t.attemptDurationSeconds(59)));
    bad.put("schedulingPriority must be between 0 and 9999, got 10000", r -> r.schedulingPriority(10_000));
    bad.put("tag 'aws:x' is invalid", r -> r.tags(Map.of("aws:x", "y")));
    bad.put("tags must have 1 to 50 entries, got 0", r -> r.tags(Map.of()));
    for (Map.Entry<String, Consumer<software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest.Builder>> c
        : bad.entrySet()) {
      software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest.Builder r =
          software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest.builder()
              .jobDefinitionName("bad").type("container").containerProperties(props);
      c.getValue().accept(r);
      ClientException e = assertThrows(ClientException.class, () -> batch.registerJobDefinition(r.build()), c.getKey());
      assertTrue(e.awsErrorDetails().errorMessage().contains(c.getKey()), c.getKey() + " vs " + e.getMessage());
      assertEquals(400, e.statusCode());
    }
    assertTrue(batch.describeJobDefinitions(r -> r.jobDefinitionName("bad")).jobDefinitions().isEmpty(), "nothing registered");
    Map<String, Consumer<software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsRequest.Builder>> badDescribe =
        new java.util.LinkedHashMap<>();
    badDescribe.put("'Emu-shell' is neither an ARN", r -> r.jobDefinitions("Emu-shell"));
    badDescribe.put("jobDefinitions can't be used with other parameters", r -> r.jobDefinitions(shell).status("ACTIVE"));
    badDescribe.put("maxResults must be between 1 and 100, got 101", r -> r.maxResults(101));
    badDescribe.put("status must be ACTIVE or INACTIVE, got 'GONE'", r -> r.status("GONE"));
    for (Map.Entry<String, Consumer<software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsRequest.Builder>> c
        : badDescribe.entrySet()) {
      ClientException e = assertThrows(ClientException.class, () -> batch.describeJobDefinitions(c.getValue()), c.getKey());
      assertTrue(e.awsErrorDetails().errorMessage().contains(c.getKey()), c.getKey() + " vs " + e.getMessage());
    }
  }

  /**
   * DescribeJobQueues and DescribeComputeEnvironments as the CLI prices jobs by them: a queue's
   * environments in order, each with its market, instance types and ECS cluster; every attempt's
   * container instance is in the cluster of the environment it ran in.
   */
  @Test
  @Order(20)
  void queuesAndEnvironmentsAreDescribedAndTheirClustersNameWhereEachAttemptRan() throws Exception {
    software.amazon.awssdk.services.batch.model.JobQueueDetail queue =
        batch.describeJobQueues(r -> r.jobQueues(spotQueue)).jobQueues().get(0);
    assertEquals(spotQueue, queue.jobQueueArn());
    List<String> order = queue.computeEnvironmentOrder().stream()
        .sorted(java.util.Comparator.comparing(software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder::order))
        .map(software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder::computeEnvironment).toList();
    List<software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail> environments =
        batch.describeComputeEnvironments(r -> r.computeEnvironments(order)).computeEnvironments();
    assertEquals(order, environments.stream().map(e -> e.computeEnvironmentArn()).toList());
    software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail spot = environments.get(0);
    assertEquals(software.amazon.awssdk.services.batch.model.CRType.SPOT, spot.computeResources().type());
    assertFalse(spot.computeResources().instanceTypes().isEmpty());
    assertTrue(spot.ecsClusterArn().matches("arn:aws:ecs:" + emulator.region() + ":\\d{12}:cluster/"
        + spot.computeEnvironmentName() + "_Batch_[0-9a-f-]{36}"), spot.ecsClusterArn());
    String cluster = spot.ecsClusterArn().substring(spot.ecsClusterArn().indexOf("/") + 1);

    String id = submit(r -> r.jobName("priced").jobQueue(spotQueue), "true");
    awaitEnd(id);
    JobDetail d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
    assertTrue(d.attempts().get(0).container().containerInstanceArn().matches("arn:aws:ecs:.*:container-instance/"
        + java.util.regex.Pattern.quote(cluster) + "/[0-9a-f]{32}"), d.attempts().get(0).container().containerInstanceArn());

    int all = batch.describeComputeEnvironments(r -> { }).computeEnvironments().size();
    assertTrue(all >= environments.size());
    var page = batch.describeComputeEnvironments(r -> r.maxResults(1));
    assertEquals(1, page.computeEnvironments().size());
    assertEquals(all > 1, page.nextToken() != null);
    assertTrue(batch.describeJobQueues(r -> r.jobQueues("no-such-queue")).jobQueues().isEmpty(), "unknown: left out");
    ClientException bad = assertThrows(ClientException.class, () -> batch.describeComputeEnvironments(r -> r.maxResults(0)));
    assertTrue(bad.awsErrorDetails().errorMessage().contains("maxResults must be between 1 and 100, got 0"),
        bad.getMessage());
    List<String> tooMany = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "ce-" + i).toList();
    bad = assertThrows(ClientException.class, () -> batch.describeJobQueues(r -> r.jobQueues(tooMany)));
    assertTrue(bad.awsErrorDetails().errorMessage().contains("jobQueues takes at most 100 entries, got 101"),
        bad.getMessage());
  }

  private static String submit(Consumer<SubmitJobRequest.Builder> customize, String script) {
    SubmitJobRequest.Builder r = SubmitJobRequest.builder().jobQueue(cpuQueue).jobDefinition(shell);
    if (script != null) {
      r.containerOverrides(o -> o.command("sh", "-c", script));
    }
    customize.accept(r);
    return batch.submitJob(r.build()).jobId();
  }

  private static JobView awaitEnd(String id) throws InterruptedException {
    emulator.await(id, JobStatus.SUCCEEDED, Duration.ofSeconds(120));
    JobView job = emulator.job(id);
    assertTrue(job.status().terminal(), "job " + id + " still " + job.status());
    return job;
  }

  private static KeyValuePair env(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }

  private static ResourceRequirement requirement(ResourceType type, int value) {
    return ResourceRequirement.builder().type(type).value(Integer.toString(value)).build();
  }
}
