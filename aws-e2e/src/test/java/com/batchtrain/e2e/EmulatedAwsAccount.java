package com.batchtrain.e2e;

import com.batchtrain.contract.JobCommand;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.StackOutputs;
import com.batchtrain.runtime.preset.CalcloudGenerator;
import com.batchtrain.testsupport.RequiredTool;
import com.batchtrain.testsupport.S3ProxyServer;
import com.batchtrain.testsupport.batch.BatchEmulator;
import com.batchtrain.testsupport.batch.JobStatus;
import com.batchtrain.testsupport.batch.JobView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One emulated AWS account for the whole e2e run: the infra app synthesized by its own command
 * (with a data source granted), its stacks deployed into the Batch emulator, S3 on an S3Proxy on
 * loopback, and the image this build produced pushed under every tag the job definitions name (the
 * GPU tag too: the 526 MB GPU image is never built here, so the CPU image stands in for it, which
 * its entry script notices and says). Created once per test JVM and closed at its exit.
 */
final class EmulatedAwsAccount {
  static final String PREFIX = StackOutputs.DEFAULT_STACK_PREFIX;
  /** A bucket outside the stacks that holds datasets, granted to the job roles by the dataSources context key. */
  static final String DATASETS_BUCKET = "e2e-team-datasets";
  static final String DATA_SOURCE = "s3://" + DATASETS_BUCKET + "/shared/";

  static final int MAX_CONTAINERS = 2;

  private static EmulatedAwsAccount instance;

  final Path root;
  final Path work;
  final S3ProxyServer s3;
  final BatchEmulator emulator;
  final String resultsBucket;

  private EmulatedAwsAccount() throws IOException, InterruptedException {
    root = Path.of(System.getProperty("batchtrain.root")).toAbsolutePath().normalize();
    // Fresh each run: an EFS cache left by an earlier run would hold datasets this run's S3 lacks.
    work = root.resolve("aws-e2e/target/e2e");
    com.batchtrain.testsupport.container.FileTrees.deleteRecursively(work);
    Files.createDirectories(work);
    Path image = Path.of(System.getProperty("batchtrain.image.tar"));
    if (!Files.isRegularFile(image)) {
      throw new IllegalStateException(image + " is missing: build the container module first (mvn verify builds it)");
    }
    s3 = new S3ProxyServer().start();
    s3.createBucket(DATASETS_BUCKET);
    Path cdkOut = CloudAssemblies.synth(root, work.resolve("cdk.out"), Map.of("dataSources", List.of(DATA_SOURCE)));
    emulator = BatchEmulator.builder()
        .cloudAssembly(cdkOut)
        .workDir(work.resolve("account"))
        .s3(s3)
        // Stands for s3.amazonaws.com: the containers reach S3 through the loopback S3Proxy.
        .containerEnvironment(Map.of(JobEnv.S3_ENDPOINT, s3.endpoint().toString(), JobEnv.S3_CHECKSUMS, "when_required"))
        // Two containers at once (the cores of the machines this suite runs on; each trial is CPU-bound,
        // more would only thrash): a sweep of three has one trial waiting, which the cancel test needs.
        .maxContainers(MAX_CONTAINERS)
        .start();
    emulator.imagesReferenced().forEach(reference -> emulator.push(reference, image));
    resultsBucket = emulator.output(StackOutputs.stackName(PREFIX, StackOutputs.STORAGE_STACK), StackOutputs.RESULTS_BUCKET);
  }

  static synchronized EmulatedAwsAccount get() {
    if (instance == null) {
      // The emulator runs the image like a container runtime: mount namespaces, mknod, cgroups.
      RequiredTool.BUSYBOX.require();
      try {
        instance = new EmulatedAwsAccount();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        instance.emulator.close();
        instance.s3.close();
      }));
    }
    return instance;
  }

  /** The CLI with valid credentials and a region, pointed at this account: what a configured user has. */
  Cli cli(String name) throws IOException {
    return cli(name, emulator.endpoint().toString());
  }

  /** As {@link #cli(String)}, with Batch and CloudFormation at {@code awsEndpoint}. */
  Cli cli(String name, String awsEndpoint) throws IOException {
    return new Cli(work.resolve("cli").resolve(name))
        .env("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_ACCESS_KEY)
        .env("AWS_REGION", emulator.region())
        .options("--backend", "aws", "--aws-endpoint", awsEndpoint,
            "--s3-endpoint", s3.endpoint().toString(), "--s3-checksums", "when_required");
  }

  /** Writes a calcloud CSV of {@code rows} rows into the datasets bucket; returns its s3:// URI. */
  String dataset(String key, int rows) throws IOException {
    Path csv = Files.createTempFile(work, "dataset", ".csv");
    new CalcloudGenerator(7).writeCsv(csv, rows);
    s3.client().putObject(b -> b.bucket(DATASETS_BUCKET).key(key), RequestBody.fromFile(csv));
    Files.delete(csv);
    return "s3://" + DATASETS_BUCKET + "/" + key;
  }

  /** A sweep spec file with {@code yaml} as its text. */
  Path spec(String name, String yaml) throws IOException {
    Path dir = Files.createDirectories(work.resolve("specs"));
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  /** The jobs submitted for one sweep, found by the tag the CLI gives them. */
  List<JobView> jobsOf(String sweepId) {
    return emulator.jobs().stream().filter(j -> sweepId.equals(j.tags().get("batchtrain:sweep"))).toList();
  }

  /** Waits until every job of the sweep has ended. */
  List<JobView> awaitSweep(String sweepId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<JobView> jobs = jobsOf(sweepId);
      if (!jobs.isEmpty() && jobs.stream().allMatch(j -> j.status().terminal())) {
        return jobs;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sweep " + sweepId + " still running after " + timeout + ": "
            + jobs.stream().map(j -> j.name() + "=" + j.status()).toList());
      }
      Thread.sleep(250);
    }
  }

  /** Every attempt's output of the job and its array children, for failure messages. */
  String logs(JobView job) {
    StringBuilder sb = new StringBuilder(job.outputs());
    job.children().forEach(c -> sb.append(emulator.job(c).outputs()));
    return sb.toString();
  }

  JobStatus await(String jobId, JobStatus status) throws InterruptedException {
    return emulator.await(jobId, status, Duration.ofMinutes(5));
  }

  /**
   * {@code relative} on the static EFS volume, its directories created as the access point would
   * create them (owned by its POSIX user): this may be the volume's first use, and the stage job must
   * still be able to write to it.
   */
  Path onStaticVolume(String relative) throws IOException {
    Path file = staticDirectory().resolve(relative);
    for (Path d = staticDirectory(); !d.equals(file); d = d.resolve(file.getName(d.getNameCount()).toString())) {
      Files.createDirectories(d);
      Files.setAttribute(d, "unix:uid", com.batchtrain.contract.EfsLayout.JOB_UID);
      Files.setAttribute(d, "unix:gid", com.batchtrain.contract.EfsLayout.JOB_GID);
    }
    return file;
  }

  /** The static EFS volume (the data cache) as the emulator keeps it, seen from its access point. */
  Path staticDirectory() {
    String fs = emulator.output(StackOutputs.stackName(EmulatedAwsAccount.PREFIX, StackOutputs.STORAGE_STACK),
        StackOutputs.FILE_SYSTEM_ID);
    return emulator.fileSystemDirectory(fs).resolve(JobCommand.STAGE.mounts().get(0).volume().accessPointPath()
        .substring(1));
  }

}
