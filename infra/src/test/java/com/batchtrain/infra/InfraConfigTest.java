package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Context parsing alone: no jsii, so these run in milliseconds. */
class InfraConfigTest {

  private static InfraConfig parse(Map<String, ?> context) {
    return parse(context, Map.of());
  }

  private static InfraConfig parse(Map<String, ?> context, Map<String, String> env) {
    return InfraConfig.parse(context::get, env);
  }

  @Test
  void defaultsDescribeTheDocumentedDeployment() {
    InfraConfig config = parse(Map.of());
    assertEquals("BatchTrain", config.stackPrefix());
    assertFalse(config.target().complete());
    assertEquals(Optional.empty(), config.network().vpcId());
    assertEquals(SubnetKind.ISOLATED, config.network().subnets());
    assertTrue(config.network().vpcEndpoints());
    assertEquals(2, config.network().maxAzs());
    BatchSettings batch = config.batch();
    assertEquals(new ComputeLimits(256, 256, 64, 128), batch.maxvCpus());
    assertEquals("p3.8xlarge", batch.gpuInstanceType());
    assertEquals(MachineImageType.ECS_AL2023_NVIDIA, batch.gpuImageType());
    assertEquals(MachineImageType.ECS_AL2023, batch.cpuImageType());
    assertEquals(100, batch.rootVolumeGiB());
    assertEquals(InfraConfig.DEFAULT_IMAGE_TAG, batch.imageTagOrDigest());
    assertEquals(InfraConfig.DEFAULT_IMAGE_TAG + "-gpu", batch.gpuImageTagOrDigest());
    assertEquals(3, batch.retryAttempts());
    assertEquals(30, batch.logRetentionDays());
    assertEquals(1, batch.gpuTrial().gpus());
    assertEquals(4, batch.gpuNode().gpus());
    // Four GPU trials must fit on one p3.8xlarge (32 vCPU, 244 GiB) for the packing to work.
    assertTrue(4 * batch.gpuTrial().vcpus() <= 32);
    assertTrue(4 * batch.gpuTrial().memoryMiB() < 244 * 1024);
    assertEquals(new StorageSettings(14, 30, 365), config.storage());
    assertEquals(new RegistrySettings(20, 1), config.registry());
  }

  @Test
  void cdkJsonContextRestatesTheDefaults() {
    // cdk.json lists the keys so users see what they can set; it must not drift from the code.
    assertEquals(parse(Map.of()), parse(CdkJson.context()));
  }

  @Test
  void commandLineStringsAreParsedLikeJsonValues() {
    Map<String, Object> context = new HashMap<>();
    context.put(InfraConfig.GPU_SPOT_MAXV_CPUS, "512");
    context.put(InfraConfig.GPU_MAXV_CPUS, 96.0);
    context.put(InfraConfig.VPC_ENDPOINTS, "false");
    context.put(InfraConfig.CPU_INSTANCE_TYPES, "c6i.2xlarge, m6i");
    context.put(InfraConfig.GPU_IMAGE_TYPE, "ECS_AL2_NVIDIA");
    context.put(InfraConfig.IMAGE_DIGEST, "sha256:" + "ab".repeat(32));
    context.put(InfraConfig.STACK_PREFIX, "Exp-2");
    InfraConfig config = parse(context);
    assertEquals(512, config.batch().maxvCpus().gpuSpot());
    assertEquals(96, config.batch().maxvCpus().gpu());
    assertFalse(config.network().vpcEndpoints());
    assertEquals(List.of("c6i.2xlarge", "m6i"), config.batch().cpuInstanceTypes());
    assertEquals(MachineImageType.ECS_AL2_NVIDIA, config.batch().gpuImageType());
    assertEquals("sha256:" + "ab".repeat(32), config.batch().imageTagOrDigest());
    assertEquals("Exp-2", config.stackPrefix());
  }

  @Test
  void existingVpcDefaultsToItsEgressSubnetsWithoutNewEndpoints() {
    InfraConfig config = parse(Map.of(InfraConfig.VPC_ID, "vpc-0123456789abcdef0",
        InfraConfig.ACCOUNT, "123456789012", InfraConfig.REGION, "eu-west-1"));
    assertEquals(Optional.of("vpc-0123456789abcdef0"), config.network().vpcId());
    assertEquals(SubnetKind.PRIVATE_WITH_EGRESS, config.network().subnets());
    assertFalse(config.network().vpcEndpoints());
    assertTrue(config.target().complete());
  }

  @Test
  void accountAndRegionComeFromTheCliEnvironmentWhenNotInContext() {
    InfraConfig config = parse(Map.of(InfraConfig.REGION, "us-east-1"),
        Map.of(InfraConfig.DEFAULT_ACCOUNT_ENV, "210987654321", InfraConfig.DEFAULT_REGION_ENV, "eu-west-1"));
    assertEquals(new DeploymentTarget(Optional.of("210987654321"), Optional.of("us-east-1")), config.target());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(InfraConfig.CPU_MAXV_CPUS, 40, "multiple of 32"),
        Arguments.of(InfraConfig.GPU_SPOT_MAXV_CPUS, "0", "multiple of 32"),
        Arguments.of(InfraConfig.GPU_MAXV_CPUS, "sixty-four", "multiple of 32"),
        Arguments.of(InfraConfig.GPU_MAXV_CPUS, 64.5, "multiple of 32"),
        Arguments.of(InfraConfig.LOG_RETENTION_DAYS, -1, "retention in days"),
        Arguments.of(InfraConfig.LOG_RETENTION_DAYS, 10, "retention in days"),
        Arguments.of(InfraConfig.GPU_IMAGE_TYPE, "ECS_AL2023", "ECS_AL2023_NVIDIA, ECS_AL2_NVIDIA"),
        Arguments.of(InfraConfig.GPU_IMAGE_TYPE, "UBUNTU", "ECS_AL2023_NVIDIA"),
        Arguments.of(InfraConfig.CPU_IMAGE_TYPE, "ECS_AL2023_NVIDIA", "ECS_AL2023, ECS_AL2"),
        Arguments.of(InfraConfig.GPU_INSTANCE_TYPE, "p3", "instance type"),
        Arguments.of(InfraConfig.CPU_INSTANCE_TYPES, "c6i,,m6i", "comma-separated"),
        Arguments.of(InfraConfig.RETRY_ATTEMPTS, 0, "1 to 10"),
        Arguments.of(InfraConfig.RETRY_ATTEMPTS, 11, "1 to 10"),
        Arguments.of(InfraConfig.ATTEMPT_TIMEOUT_SECONDS, 30, ">= 60"),
        Arguments.of(InfraConfig.RUNNABLE_TIMEOUT_SECONDS, 300, "600 to 86400"),
        Arguments.of(InfraConfig.ECR_KEEP_LAST, 0, "1 to 10000"),
        Arguments.of(InfraConfig.CHECKPOINT_EXPIRY_DAYS, 0, "days >= 1"),
        Arguments.of(InfraConfig.NONCURRENT_VERSION_EXPIRY_DAYS, "-3", "days >= 1"),
        Arguments.of(InfraConfig.ROOT_VOLUME_GIB, 20, "from 30"),
        Arguments.of(InfraConfig.IMAGE_TAG, "-bad", "image tag"),
        Arguments.of(InfraConfig.IMAGE_DIGEST, "sha256:abc", "sha256:<64 hex digits>"),
        Arguments.of(InfraConfig.GPU_IMAGE_TAG, ".gpu", "image tag"),
        Arguments.of(InfraConfig.GPU_IMAGE_DIGEST, "sha256:" + "AB".repeat(32), "sha256:<64 hex digits>"),
        Arguments.of(InfraConfig.GPU_IMAGE_DIGEST, "1.4.0-gpu", "sha256:<64 hex digits>"),
        Arguments.of(InfraConfig.STACK_PREFIX, "1st", "a letter"),
        Arguments.of(InfraConfig.VPC_CIDR, "10.0.0.0/8", "CIDR"),
        Arguments.of(InfraConfig.MAX_AZS, 1, "2 to 6"),
        Arguments.of(InfraConfig.VPC_ENDPOINTS, "yes", "true or false"),
        Arguments.of(InfraConfig.VPC_SUBNET_TYPE, "PRIVATE_WITH_EGRESS", "ISOLATED"),
        Arguments.of(InfraConfig.ACCOUNT, "12345", "12-digit"),
        Arguments.of(InfraConfig.REGION, "Europe", "region"),
        Arguments.of(InfraConfig.GPU_NODE_GPUS, 0, "GPUs"),
        Arguments.of(InfraConfig.GPU_TRIAL_MEMORY_MIB, 64, "MiB"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badValueFailsNamingItsKeyAndWhatWasExpected(String key, Object value, String expected) {
    InvalidContextException e = assertThrows(InvalidContextException.class, () -> parse(Map.of(key, value)));
    assertEquals(key, e.field());
    assertTrue(e.getMessage().startsWith(key + ": expected "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(value)), e.getMessage());
  }

  @Test
  void vpcLookupWithoutAccountAndRegionIsRefused() {
    InvalidContextException e = assertThrows(InvalidContextException.class,
        () -> parse(Map.of(InfraConfig.VPC_ID, "vpc-0123456789abcdef0", InfraConfig.REGION, "eu-west-1")));
    assertEquals(InfraConfig.VPC_ID, e.field());
    assertTrue(e.getMessage().contains("CDK_DEFAULT_ACCOUNT"), e.getMessage());
  }

  @Test
  void digestWinsOverTheTagFromCdkJson() {
    String digest = "sha256:" + "0".repeat(64);
    InfraConfig config = parse(Map.of(InfraConfig.IMAGE_TAG, "1.2.3", InfraConfig.IMAGE_DIGEST, digest));
    assertEquals(digest, config.batch().imageTagOrDigest());
    assertEquals("1.2.3", parse(Map.of(InfraConfig.IMAGE_TAG, "1.2.3")).batch().imageTagOrDigest());
  }

  @Test
  void gpuImageDefaultsToTheImageTagWithTheGpuSuffix() {
    InfraConfig config = parse(Map.of(InfraConfig.IMAGE_TAG, "1.4.0"));
    assertEquals("1.4.0", config.batch().imageTagOrDigest());
    assertEquals("1.4.0-gpu", config.batch().gpuImageTagOrDigest());
  }

  @Test
  void cpuImageDigestDoesNotPinTheGpuImage() {
    // A digest names the CPU image only; the GPU default still follows the tag.
    String digest = "sha256:" + "1".repeat(64);
    InfraConfig config = parse(Map.of(InfraConfig.IMAGE_TAG, "1.4.0", InfraConfig.IMAGE_DIGEST, digest));
    assertEquals(digest, config.batch().imageTagOrDigest());
    assertEquals("1.4.0-gpu", config.batch().gpuImageTagOrDigest());
  }

  @Test
  void gpuImageTagOverridesTheDerivedTagAndLeavesTheCpuImage() {
    InfraConfig config = parse(Map.of(InfraConfig.IMAGE_TAG, "1.4.0", InfraConfig.GPU_IMAGE_TAG, "1.3.9-cuda12"));
    assertEquals("1.4.0", config.batch().imageTagOrDigest());
    assertEquals("1.3.9-cuda12", config.batch().gpuImageTagOrDigest());
  }

  @Test
  void gpuImageDigestWinsOverBothTags() {
    String gpuDigest = "sha256:" + "9f".repeat(32);
    InfraConfig config = parse(Map.of(InfraConfig.IMAGE_TAG, "1.4.0", InfraConfig.GPU_IMAGE_TAG, "1.4.0-gpu",
        InfraConfig.GPU_IMAGE_DIGEST, gpuDigest));
    assertEquals(gpuDigest, config.batch().gpuImageTagOrDigest());
    assertEquals("1.4.0", config.batch().imageTagOrDigest());
  }

  @Test
  void imageTagTooLongForTheDerivedGpuTagIsNamed() {
    String tag = "t".repeat(126);
    InvalidContextException e = assertThrows(InvalidContextException.class,
        () -> parse(Map.of(InfraConfig.IMAGE_TAG, tag)));
    assertEquals(InfraConfig.IMAGE_TAG, e.field());
    assertTrue(e.getMessage().contains("gpuImageTag"), e.getMessage());
    // With an explicit GPU tag the long CPU tag is fine.
    assertEquals(tag, parse(Map.of(InfraConfig.IMAGE_TAG, tag, InfraConfig.GPU_IMAGE_TAG, "g1"))
        .batch().imageTagOrDigest());
  }

  @Test
  void malformedCliEnvironmentIsNamed() {
    InvalidContextException e = assertThrows(InvalidContextException.class,
        () -> parse(Map.of(), Map.of(InfraConfig.DEFAULT_ACCOUNT_ENV, "not-an-account")));
    assertEquals(InfraConfig.DEFAULT_ACCOUNT_ENV, e.field());
  }
}
