package com.batchtrain.testsupport.batch;

import com.batchtrain.testsupport.S3ProxyServer;
import com.batchtrain.testsupport.cloudformation.CloudAssembly;
import com.batchtrain.testsupport.cloudformation.DeployedResource;
import com.batchtrain.testsupport.cloudformation.DeployedStack;
import com.batchtrain.testsupport.cloudformation.EmulatedCloud;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An emulated AWS account that runs Batch jobs for real. It deploys a synthesized CDK cloud
 * assembly (the templates {@code cdk synth} writes), takes its job definitions, job queues, compute
 * environments, EFS access points and stack outputs from those templates, and serves the Batch API
 * (SubmitJob, DescribeJobs, ListJobs, TerminateJob, CancelJob, DescribeJobDefinitions,
 * RegisterJobDefinition) and CloudFormation's DescribeStacks
 * on a loopback port for the real SDK clients ({@code endpointOverride}, or in a job's container the
 * SDKs' {@code AWS_ENDPOINT_URL_BATCH} / {@code AWS_ENDPOINT_URL_CLOUDFORMATION}, which it sets). Each job runs from its
 * image's own layers in a daemon-less container, the way the ECS agent runs it on an instance of
 * the job's compute environment; S3 is the S3Proxy server the tests already use.
 *
 * <p>What differs from the real service is listed in docs/job-contract.md ("The emulated Batch account").
 */
public final class BatchEmulator implements AutoCloseable {
  /** What the account answers a caller's access key with. */
  public enum Caller { VALID, EXPIRED, DENIED }

  private static final Pattern REGION_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/");

  /** The SDKs' endpoint variable for Batch. */
  public static final String BATCH_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_BATCH";
  /** The SDKs' endpoint variable for CloudFormation. */
  public static final String CLOUDFORMATION_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_CLOUDFORMATION";

  private final EmulatedCloud cloud;
  private final ImageRegistry registry;
  private final EfsVolumes efs;
  private final JobTable jobs;
  private final BatchResources resources;
  private final ApiCallers callers;
  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final Path workDir;

  private BatchEmulator(Builder b) throws IOException {
    this.workDir = Files.createDirectories(b.workDir);
    this.cloud = new EmulatedCloud(b.account, b.region, b.seed);
    S3Client s3 = b.s3 == null ? null : b.s3.client();
    cloud.deploy(CloudAssembly.read(b.cloudAssembly), resource -> provision(resource, s3));
    this.registry = new ImageRegistry(workDir.resolve("images"));
    this.efs = new EfsVolumes(workDir.resolve("efs"));
    this.callers = new ApiCallers();
    String accessKey = b.s3 == null ? "emulated-access-key" : S3ProxyServer.ACCESS_KEY_ID;
    String secretKey = b.s3 == null ? "emulated-secret-key" : S3ProxyServer.SECRET_ACCESS_KEY;
    callers.put(accessKey, ApiCallers.Standing.VALID);
    ContainerCredentials credentials = new ContainerCredentials(accessKey, secretKey);
    this.resources = BatchResources.of(cloud);
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs (~40 ms a call).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // Bound first: the containers are told its address (serviceEndpoints) before it serves.
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Map<String, String> network = new LinkedHashMap<>(serviceEndpoints(endpoint()));
    network.putAll(b.containerEnvironment);
    ContainerLauncher launcher = new ContainerLauncher(registry, efs, resources, credentials,
        new ContainerLauncher.Account(b.account, b.region, Map.copyOf(network), b.limits),
        workDir.resolve("instances"));
    this.jobs = new JobTable(resources, launcher,
        new JobTable.Settings(b.maxContainers, b.stopTimeout.toMillis(), b.account, b.region), workDir.resolve("logs"));
    BatchApi batch = new BatchApi(jobs, resources);
    CloudFormationApi cfn = new CloudFormationApi(cloud);
    this.httpThreads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "batch-emulator-http");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", exchange -> serve(exchange, batch, cfn, credentials));
    server.setExecutor(httpThreads);
    server.start();
    credentials.serveAt(endpoint());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * What every container is told about this account's APIs, as the AWS SDKs read it: a client built
   * without an endpoint override sends Batch and CloudFormation calls to {@code endpoint} (the
   * service-specific {@code AWS_ENDPOINT_URL_<SERVICE>} variables of the SDKs' shared configuration,
   * which SDK for Java 2.x honours), so a job that drives other jobs (the sweep driver) reaches this
   * emulator as it would reach Batch from an instance. Credentials and region come as on ECS:
   * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} for a definition with a job role, {@code AWS_REGION}.
   */
  static Map<String, String> serviceEndpoints(URI endpoint) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(BATCH_ENDPOINT_VARIABLE, endpoint.toString());
    env.put(CLOUDFORMATION_ENDPOINT_VARIABLE, endpoint.toString());
    return env;
  }

  /** The endpoint for the SDK's Batch and CloudFormation clients ({@code --aws-endpoint}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public String account() {
    return cloud.account();
  }

  public String region() {
    return cloud.region();
  }

  /** The deployed stacks, their outputs and resources. */
  public EmulatedCloud cloud() {
    return cloud;
  }

  /** A stack output, as DescribeStacks returns it. */
  public String output(String stack, String key) {
    DeployedStack s = cloud.stack(stack).orElseThrow(() -> new IllegalArgumentException("no stack " + stack));
    return s.output(key).orElseThrow(() -> new IllegalArgumentException("stack " + stack + " has no output " + key));
  }

  /** Makes the docker-save archive {@code tar} pullable as {@code reference} (repository URI and tag). */
  public BatchEmulator push(String reference, Path tar) {
    registry.put(reference, tar);
    return this;
  }

  /** Every job definition of the account: the templates', then those registered with RegisterJobDefinition. */
  public List<JobDefinition> jobDefinitions() {
    return resources.definitions();
  }

  /** Every image reference the deployed job definitions name, for tests that push one image under all of them. */
  public List<String> imagesReferenced() {
    return cloud.resources("AWS::Batch::JobDefinition").stream()
        .map(r -> r.properties().path("ContainerProperties").path("Image").asText()).distinct().toList();
  }

  /** Registers an access key and what the account answers it with. */
  public BatchEmulator caller(String accessKeyId, Caller standing) {
    callers.put(accessKeyId, ApiCallers.Standing.valueOf(standing.name()));
    return this;
  }

  /** A snapshot of one job or array child. */
  public JobView job(String id) {
    synchronized (jobs) {
      return JobView.of(jobs.find(id).orElseThrow(() -> new IllegalArgumentException("no job " + id)));
    }
  }

  /** Snapshots of every job submitted, in submission order (array children inside their parents). */
  public List<JobView> jobs() {
    synchronized (jobs) {
      return jobs.all().stream().map(JobView::of).toList();
    }
  }

  /** Waits until job {@code id} is in {@code status} or has ended; returns the status it has then. */
  public JobStatus await(String id, JobStatus status, Duration timeout) throws InterruptedException {
    return jobs.await(id, status, timeout.toMillis());
  }

  /** Reclaims the spot instance job {@code id} runs on (a spot interruption). */
  public void reclaim(String id) {
    jobs.reclaim(id);
  }

  /** The host directory holding EFS file system {@code fileSystemId}. */
  public Path fileSystemDirectory(String fileSystemId) {
    return efs.fileSystem(fileSystemId);
  }

  /** The host directory the access point exposes (its root directory on the file system). */
  public Path accessPointDirectory(String accessPointId) {
    DeployedResource ap = cloud.resources("AWS::EFS::AccessPoint").stream()
        .filter(r -> r.physicalId().equals(accessPointId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no access point " + accessPointId));
    return efs.fileSystem(ap.text("FileSystemId")).resolve(ap.properties().path("RootDirectory").path("Path").asText("/")
        .replaceFirst("^/+", ""));
  }

  public Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    server.stop(0);
    httpThreads.shutdownNow();
    jobs.close();
  }

  private static void provision(DeployedResource resource, S3Client s3) {
    if (resource.type().equals("AWS::S3::Bucket") && s3 != null) {
      s3.createBucket(b -> b.bucket(resource.physicalId()));
    }
  }

  private void serve(HttpExchange ex, BatchApi batch, CloudFormationApi cfn, ContainerCredentials credentials)
      throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      Optional<String> authorization = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"));
      if (path.startsWith(ContainerCredentials.PATH)) {
        Optional<com.fasterxml.jackson.databind.node.ObjectNode> doc =
            credentials.credentials(path.substring(ContainerCredentials.PATH.length()));
        LoopbackHttp.send(ex, doc.isPresent() ? 200 : 404, "application/json",
            doc.isPresent() ? ApiShape.JSON.writeValueAsString(doc.get()) : "{\"message\":\"unknown credentials token\"}");
      } else if (path.startsWith("/v1/")) {
        try {
          callers.check(authorization, false);
          JsonNode request = ApiShape.JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
          LoopbackHttp.send(ex, 200, "application/json", ApiShape.JSON.writeValueAsString(batch.handle(path.substring(4), request)));
        } catch (BatchApiException e) {
          ex.getResponseHeaders().set("x-amzn-ErrorType", e.code());
          LoopbackHttp.send(ex, e.status(), "application/json", ApiShape.JSON.writeValueAsString(
              ApiShape.JSON.createObjectNode().put("__type", e.code()).put("message", e.getMessage())));
        }
      } else {
        try {
          callers.check(authorization, true);
          Map<String, String> form = LoopbackHttp.form(new String(body, StandardCharsets.UTF_8));
          Matcher scope = REGION_SCOPE.matcher(authorization.orElse(""));
          if (scope.find() && !scope.group(1).equals(cloud.region())) {
            // Another region of the account: none of the stacks is there.
            throw new BatchApiException(400, "ValidationError", "Stack with id " + form.getOrDefault("StackName", "")
                + " does not exist");
          }
          LoopbackHttp.send(ex, 200, "text/xml", cfn.handle(form));
        } catch (BatchApiException e) {
          LoopbackHttp.send(ex, e.status(), "text/xml", CloudFormationApi.error(e));
        }
      }
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("emulator failed on " + ex.getRequestURI() + ": " + e, e));
    }
  }

  /** How to build an emulated account. */
  public static final class Builder {
    private Path cloudAssembly;
    private Path workDir;
    private S3ProxyServer s3;
    private String account = "123456789012";
    private String region = S3ProxyServer.REGION;
    private long seed = 1;
    private int maxContainers = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Duration stopTimeout = Duration.ofSeconds(30);
    private boolean limits = true;
    private final Map<String, String> containerEnvironment = new LinkedHashMap<>();

    /** The synthesized cloud assembly (cdk.out) to deploy. Required. */
    public Builder cloudAssembly(Path dir) {
      this.cloudAssembly = dir;
      return this;
    }

    /** Where the account keeps EFS data, unpacked images, containers' layers and logs. Required. */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** The account's S3: the templates' buckets are created there and its key is the account's valid caller. */
    public Builder s3(S3ProxyServer server) {
      this.s3 = server;
      return this;
    }

    public Builder account(String id) {
      this.account = id;
      return this;
    }

    public Builder region(String name) {
      this.region = name;
      return this;
    }

    /** How many containers run at once on this machine (placement also respects each environment's maxvCpus). */
    public Builder maxContainers(int n) {
      this.maxContainers = n;
      return this;
    }

    /** The ECS agent's stop timeout (ECS_CONTAINER_STOP_TIMEOUT, 30 s by default): SIGTERM to SIGKILL. */
    public Builder stopTimeout(Duration d) {
      this.stopTimeout = d;
      return this;
    }

    /** Whether containers get their MEMORY as a cgroup hard limit and VCPU as CPU shares (on by default). */
    public Builder limits(boolean on) {
      this.limits = on;
      return this;
    }

    /**
     * Variables every container gets before the job definition's: how this account's network
     * differs from AWS's (e.g. the S3 endpoint that stands for s3.amazonaws.com). The emulator's
     * own Batch and CloudFormation endpoints ({@link #BATCH_ENDPOINT_VARIABLE}, ...) are there
     * already; a variable given here replaces one of them.
     */
    public Builder containerEnvironment(Map<String, String> env) {
      this.containerEnvironment.putAll(env);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public BatchEmulator start() {
      if (cloudAssembly == null || workDir == null) {
        throw new IllegalStateException("cloudAssembly and workDir are required");
      }
      try {
        return new BatchEmulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
