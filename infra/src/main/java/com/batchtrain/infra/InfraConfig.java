package com.batchtrain.infra;

import com.batchtrain.contract.ComputeDefaults;
import com.batchtrain.contract.StackOutputs;
import com.batchtrain.contract.TrialShapes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the app reads from CDK context, parsed once. Stacks never read context themselves, so
 * a bad value fails before any construct exists, with a message naming its key.
 */
public record InfraConfig(
    String stackPrefix,
    DeploymentTarget target,
    NetworkSettings network,
    StorageSettings storage,
    RegistrySettings registry,
    BatchSettings batch) {

  public static final String STACK_PREFIX = "stackPrefix";
  public static final String ACCOUNT = "account";
  public static final String REGION = "region";
  public static final String VPC_ID = "vpcId";
  public static final String VPC_CIDR = "vpcCidr";
  public static final String MAX_AZS = "maxAzs";
  public static final String VPC_SUBNET_TYPE = "vpcSubnetType";
  public static final String VPC_ENDPOINTS = "vpcEndpoints";
  public static final String CHECKPOINT_EXPIRY_DAYS = "checkpointExpiryDays";
  public static final String NONCURRENT_VERSION_EXPIRY_DAYS = "noncurrentVersionExpiryDays";
  public static final String ACCESS_LOG_EXPIRY_DAYS = "accessLogExpiryDays";
  public static final String ECR_KEEP_LAST = "ecrKeepLast";
  public static final String ECR_UNTAGGED_EXPIRY_DAYS = "ecrUntaggedExpiryDays";
  public static final String CPU_MAXV_CPUS = "cpuMaxvCpus";
  public static final String CPU_SPOT_MAXV_CPUS = "cpuSpotMaxvCpus";
  public static final String GPU_MAXV_CPUS = "gpuMaxvCpus";
  public static final String GPU_SPOT_MAXV_CPUS = "gpuSpotMaxvCpus";
  public static final String CPU_INSTANCE_TYPES = "cpuInstanceTypes";
  public static final String GPU_INSTANCE_TYPE = "gpuInstanceType";
  public static final String CPU_IMAGE_TYPE = "cpuImageType";
  public static final String GPU_IMAGE_TYPE = "gpuImageType";
  public static final String ROOT_VOLUME_GIB = "rootVolumeGiB";
  public static final String IMAGE_TAG = "imageTag";
  public static final String IMAGE_DIGEST = "imageDigest";
  public static final String GPU_IMAGE_TAG = "gpuImageTag";
  public static final String GPU_IMAGE_DIGEST = "gpuImageDigest";
  public static final String RETRY_ATTEMPTS = "retryAttempts";
  public static final String ATTEMPT_TIMEOUT_SECONDS = "attemptTimeoutSeconds";
  public static final String RUNNABLE_TIMEOUT_SECONDS = "runnableTimeoutSeconds";
  public static final String LOG_RETENTION_DAYS = "logRetentionDays";
  public static final String CPU_TRIAL_VCPUS = "cpuTrialVcpus";
  public static final String CPU_TRIAL_MEMORY_MIB = "cpuTrialMemoryMiB";
  public static final String GPU_TRIAL_VCPUS = "gpuTrialVcpus";
  public static final String GPU_TRIAL_MEMORY_MIB = "gpuTrialMemoryMiB";
  public static final String GPU_NODE_VCPUS = "gpuNodeVcpus";
  public static final String GPU_NODE_MEMORY_MIB = "gpuNodeMemoryMiB";
  public static final String GPU_NODE_GPUS = "gpuNodeGpus";
  public static final String DATA_SOURCES = "dataSources";

  /** Environment variables the CDK CLI sets from the caller's credentials and profile. */
  public static final String DEFAULT_ACCOUNT_ENV = "CDK_DEFAULT_ACCOUNT";
  public static final String DEFAULT_REGION_ENV = "CDK_DEFAULT_REGION";

  /** The retention periods CloudWatch Logs accepts; anything else fails at deploy time. */
  static final Set<Integer> LOG_RETENTION_VALUES =
      Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
          2557, 2922, 3288, 3653);

  private static final Pattern STACK_PREFIX_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,39}");
  private static final Pattern ACCOUNT_PATTERN = Pattern.compile("\\d{12}");
  private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern VPC_ID_PATTERN = Pattern.compile("vpc-[0-9a-f]{8,17}");
  private static final Pattern CIDR_PATTERN =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(1[6-9]|2[0-4])");
  private static final Pattern INSTANCE_TYPE_PATTERN = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
  /** Batch also accepts bare families (c6i) and "optimal" for CPU environments. */
  private static final Pattern CPU_INSTANCE_PATTERN =
      Pattern.compile("optimal|[a-z][a-z0-9-]*\\d[a-z0-9-]*(\\.[a-z0-9]+)?");
  private static final Pattern IMAGE_TAG_PATTERN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern IMAGE_DIGEST_PATTERN = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final String DIGEST_EXPECTED = "an image digest sha256:<64 hex digits>";
  private static final String TAG_EXPECTED =
      "an image tag: letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'";

  /** Image tag used when neither imageTag nor imageDigest is given: the project version. */
  public static final String DEFAULT_IMAGE_TAG = "0.1.0";
  /** What scripts/push-image --variant gpu appends to the tag of the GPU image (docs/container.md). */
  public static final String GPU_TAG_SUFFIX = "-gpu";
  private static final int MAX_TAG_LENGTH = 128;

  private static final String S3_SCHEME = "s3://";
  /** S3's bucket naming rules: 3-63 characters, lowercase letters, digits, '.', '-', alphanumeric ends. */
  private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS_PATTERN = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  /**
   * Key prefixes: '/'-terminated segments of S3's "safe" key characters (plus '=' and '+', common in
   * partitioned datasets). That leaves out what would change the meaning of the grant or the
   * output: IAM's wildcards and policy variables ('*', '?', '$'), ',' (the output's separator),
   * blanks and control characters.
   */
  private static final Pattern PREFIX_SEGMENT_PATTERN = Pattern.compile("[A-Za-z0-9!_.'()=+-]+");
  private static final String DATA_SOURCES_EXPECTED =
      "s3://bucket/prefix/ URIs (a JSON list of strings, or comma-separated with -c)";

  /**
   * Parses the context.
   *
   * @param context the app's context lookup ({@code node.tryGetContext})
   * @param environment the process environment, for CDK_DEFAULT_ACCOUNT/REGION
   */
  public static InfraConfig parse(Function<String, Object> context, Map<String, String> environment) {
    ContextReader reader = new ContextReader(context);
    String prefix = reader.string(STACK_PREFIX, StackOutputs.DEFAULT_STACK_PREFIX, STACK_PREFIX_PATTERN,
        "a letter then up to 39 letters, digits or '-'");
    DeploymentTarget target = target(reader, environment);
    NetworkSettings network = network(reader, target);
    StorageSettings storage = new StorageSettings(
        reader.integer(CHECKPOINT_EXPIRY_DAYS, 14, d -> d >= 1, "a whole number of days >= 1"),
        reader.integer(NONCURRENT_VERSION_EXPIRY_DAYS, 30, d -> d >= 1, "a whole number of days >= 1"),
        reader.integer(ACCESS_LOG_EXPIRY_DAYS, 365, d -> d >= 1, "a whole number of days >= 1"));
    RegistrySettings registry = new RegistrySettings(
        reader.integer(ECR_KEEP_LAST, 20, n -> n >= 1 && n <= 10_000, "a whole number from 1 to 10000"),
        reader.integer(ECR_UNTAGGED_EXPIRY_DAYS, 1, d -> d >= 1, "a whole number of days >= 1"));
    return new InfraConfig(prefix, target, network, storage, registry, batch(reader));
  }

  private static DeploymentTarget target(ContextReader reader, Map<String, String> environment) {
    Optional<String> account = reader.optionalString(ACCOUNT, ACCOUNT_PATTERN, "a 12-digit AWS account id");
    Optional<String> region = reader.optionalString(REGION, REGION_PATTERN, "an AWS region such as eu-west-1");
    ContextReader env = new ContextReader(environment::get);
    if (account.isEmpty()) {
      account = env.optionalString(DEFAULT_ACCOUNT_ENV, ACCOUNT_PATTERN, "a 12-digit AWS account id");
    }
    if (region.isEmpty()) {
      region = env.optionalString(DEFAULT_REGION_ENV, REGION_PATTERN, "an AWS region such as eu-west-1");
    }
    return new DeploymentTarget(account, region);
  }

  private static NetworkSettings network(ContextReader reader, DeploymentTarget target) {
    Optional<String> vpcId = reader.optionalString(VPC_ID, VPC_ID_PATTERN, "a VPC id such as vpc-0123456789abcdef0");
    if (vpcId.isPresent() && !target.complete()) {
      // Vpc.fromLookup queries the account at synth time; without both values CDK would
      // silently synthesize a dummy VPC, so fail here with the way out.
      throw new InvalidContextException(VPC_ID,
          "an account and region to look the VPC up in: pass -c account=<id> -c region=<region> "
              + "or run cdk with credentials so it sets CDK_DEFAULT_ACCOUNT/CDK_DEFAULT_REGION",
          vpcId.get());
    }
    String cidr = reader.string(VPC_CIDR, "10.40.0.0/16", CIDR_PATTERN, "an IPv4 CIDR block from /16 to /24");
    int maxAzs = reader.integer(MAX_AZS, 2, n -> n >= 2 && n <= 6, "a whole number from 2 to 6");
    SubnetKind subnets = reader.enumValue(VPC_SUBNET_TYPE,
        vpcId.isPresent() ? SubnetKind.PRIVATE_WITH_EGRESS : SubnetKind.ISOLATED,
        vpcId.isPresent() ? List.of(SubnetKind.values()) : List.of(SubnetKind.ISOLATED));
    // An existing VPC usually has its own endpoints; creating a second one with private DNS fails.
    boolean endpoints = reader.bool(VPC_ENDPOINTS, vpcId.isEmpty());
    return new NetworkSettings(vpcId, cidr, maxAzs, subnets, endpoints);
  }

  private static BatchSettings batch(ContextReader reader) {
    ComputeLimits limits = new ComputeLimits(
        maxvCpus(reader, CPU_MAXV_CPUS, 256),
        maxvCpus(reader, CPU_SPOT_MAXV_CPUS, 256),
        maxvCpus(reader, GPU_MAXV_CPUS, 64),
        maxvCpus(reader, GPU_SPOT_MAXV_CPUS, 128));
    List<String> cpuTypes = reader.list(CPU_INSTANCE_TYPES, ComputeDefaults.CPU_INSTANCE_TYPES, CPU_INSTANCE_PATTERN,
        "instance types or families (c6i, m6i.2xlarge, optimal), comma-separated");
    String gpuType = reader.string(GPU_INSTANCE_TYPE, ComputeDefaults.GPU_INSTANCE_TYPE, INSTANCE_TYPE_PATTERN,
        "an EC2 instance type such as p3.8xlarge");
    MachineImageType cpuImage = reader.enumValue(CPU_IMAGE_TYPE, MachineImageType.ECS_AL2023,
        List.of(MachineImageType.ECS_AL2023, MachineImageType.ECS_AL2));
    MachineImageType gpuImage = reader.enumValue(GPU_IMAGE_TYPE, MachineImageType.ECS_AL2023_NVIDIA,
        List.of(MachineImageType.ECS_AL2023_NVIDIA, MachineImageType.ECS_AL2_NVIDIA));
    int rootVolume = reader.integer(ROOT_VOLUME_GIB, 100, g -> g >= 30 && g <= 16_384,
        "a size in GiB from 30 (the ECS AMIs' minimum) to 16384");
    String image = image(reader);
    String gpuContainerImage = gpuImage(reader);
    int attempts = reader.integer(RETRY_ATTEMPTS, 3, n -> n >= 1 && n <= 10,
        "a whole number from 1 to 10 (Batch's limit)");
    int attemptTimeout = reader.integer(ATTEMPT_TIMEOUT_SECONDS, 86_400, s -> s >= 60,
        "a whole number of seconds >= 60 (Batch's minimum)");
    int runnableTimeout = reader.integer(RUNNABLE_TIMEOUT_SECONDS, 3_600, s -> s >= 600 && s <= 86_400,
        "a whole number of seconds from 600 to 86400 (Batch's limits)");
    int retention = reader.integer(LOG_RETENTION_DAYS, 30, LOG_RETENTION_VALUES::contains,
        "a CloudWatch Logs retention in days, one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, "
            + "400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653");
    // The contract's trial shapes: the CLI's sweeps ask for the same when the spec does not say.
    JobResources cpuTrial = new JobResources(
        reader.integer(CPU_TRIAL_VCPUS, TrialShapes.CPU_TRIAL_VCPUS, n -> n >= 1, "a whole number of vCPUs >= 1"),
        memory(reader, CPU_TRIAL_MEMORY_MIB, TrialShapes.CPU_TRIAL_MEMORY_MIB), 0);
    // 4 trials of 8 vCPU / 58 GiB fill a p3.8xlarge (32 vCPU, 244 GiB, 4 V100) and leave
    // room for the OS and the ECS agent.
    JobResources gpuTrial = new JobResources(
        reader.integer(GPU_TRIAL_VCPUS, TrialShapes.GPU_TRIAL_VCPUS, n -> n >= 1, "a whole number of vCPUs >= 1"),
        memory(reader, GPU_TRIAL_MEMORY_MIB, TrialShapes.GPU_TRIAL_MEMORY_MIB), TrialShapes.GPU_TRIAL_GPUS);
    JobResources gpuNode = new JobResources(
        reader.integer(GPU_NODE_VCPUS, 32, n -> n >= 1, "a whole number of vCPUs >= 1"),
        memory(reader, GPU_NODE_MEMORY_MIB, 237_568),
        reader.integer(GPU_NODE_GPUS, 4, n -> n >= 1 && n <= 16, "a whole number of GPUs from 1 to 16"));
    return new BatchSettings(limits, cpuTypes, gpuType, cpuImage, gpuImage, rootVolume, image,
        gpuContainerImage, attempts, attemptTimeout, runnableTimeout, retention, cpuTrial, gpuTrial, gpuNode,
        dataSources(reader));
  }

  /**
   * {@value #DATA_SOURCES}: S3 prefixes outside the results bucket the job roles may read. Each
   * entry is checked on its own, and the error names the entry and the rule it breaks.
   */
  private static List<DataSource> dataSources(ContextReader reader) {
    List<DataSource> sources = new java.util.ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (String entry : reader.entries(DATA_SOURCES, DATA_SOURCES_EXPECTED)) {
      DataSource source = dataSource(entry);
      if (!seen.add(source.uri())) {
        throw new InvalidContextException(DATA_SOURCES, "each data source once (" + source.uri()
            + " is listed twice)", entry);
      }
      sources.add(source);
    }
    return List.copyOf(sources);
  }

  private static DataSource dataSource(String entry) {
    if (!entry.startsWith(S3_SCHEME)) {
      throw new InvalidContextException(DATA_SOURCES, "an S3 URI starting with s3:// (s3://bucket/prefix/)", entry);
    }
    if (entry.contains("*") || entry.contains("?")) {
      throw new InvalidContextException(DATA_SOURCES,
          "a plain s3://bucket/prefix/ without '*' or '?' wildcards (every key below the prefix is readable)",
          entry);
    }
    String rest = entry.substring(S3_SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!BUCKET_PATTERN.matcher(bucket).matches() || bucket.contains("..")
        || IP_ADDRESS_PATTERN.matcher(bucket).matches()) {
      throw new InvalidContextException(DATA_SOURCES, "an S3 bucket name after s3:// (3 to 63 lowercase letters, "
          + "digits, '.' and '-', starting and ending with a letter or digit, not an IP address)", entry);
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new InvalidContextException(DATA_SOURCES, "a prefix that is empty or ends with '/' (s3://" + bucket
          + "/" + prefix + "/), so it names a folder and not every key that starts with it", entry);
    }
    if (!prefix.isEmpty()) {
      for (String segment : prefix.substring(0, prefix.length() - 1).split("/", -1)) {
        if (!PREFIX_SEGMENT_PATTERN.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
          throw new InvalidContextException(DATA_SOURCES, "a prefix of '/'-separated, non-empty folder names of "
              + "letters, digits and ! _ . ' ( ) = + - (not '.' or '..')", entry);
        }
      }
    }
    return new DataSource(bucket, prefix);
  }

  private static int maxvCpus(ContextReader reader, String key, int fallback) {
    // Whole p3.8xlarge instances are 32 vCPUs; other multiples would leave capacity unusable.
    return reader.integer(key, fallback, n -> n > 0 && n % 32 == 0 && n <= 100_000,
        "a positive multiple of 32 (vCPUs of whole instances), at most 100000");
  }

  private static int memory(ContextReader reader, String key, int fallback) {
    return reader.integer(key, fallback, m -> m >= 128, "a whole number of MiB >= 128");
  }

  private static String image(ContextReader reader) {
    Optional<String> digest = reader.optionalString(IMAGE_DIGEST, IMAGE_DIGEST_PATTERN, DIGEST_EXPECTED);
    // A digest names exactly one image, so it wins over the tag cdk.json sets by default.
    return digest.or(() -> imageTag(reader)).orElse(DEFAULT_IMAGE_TAG);
  }

  /**
   * The GPU job definitions' image: gpuImageDigest, else gpuImageTag, else the CPU tag plus
   * {@value #GPU_TAG_SUFFIX}, the tag push-image gives the GPU build of the same commit. The default
   * derives from imageTag, never from imageDigest: a digest names the CPU image only.
   */
  private static String gpuImage(ContextReader reader) {
    Optional<String> digest = reader.optionalString(GPU_IMAGE_DIGEST, IMAGE_DIGEST_PATTERN, DIGEST_EXPECTED);
    Optional<String> tag = reader.optionalString(GPU_IMAGE_TAG, IMAGE_TAG_PATTERN, TAG_EXPECTED);
    if (digest.isPresent() || tag.isPresent()) {
      return digest.or(() -> tag).get();
    }
    String base = imageTag(reader).orElse(DEFAULT_IMAGE_TAG);
    if (base.length() + GPU_TAG_SUFFIX.length() > MAX_TAG_LENGTH) {
      // ECR would reject the derived tag only at deploy time; name the key that made it too long.
      throw new InvalidContextException(IMAGE_TAG,
          "an image tag of at most " + (MAX_TAG_LENGTH - GPU_TAG_SUFFIX.length())
              + " characters when gpuImageTag is not set (the GPU tag appends '" + GPU_TAG_SUFFIX
              + "'), or set gpuImageTag",
          base);
    }
    return base + GPU_TAG_SUFFIX;
  }

  private static Optional<String> imageTag(ContextReader reader) {
    return reader.optionalString(IMAGE_TAG, IMAGE_TAG_PATTERN, TAG_EXPECTED);
  }
}
