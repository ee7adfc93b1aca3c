package com.batchtrain.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The app synthesized into a temporary outdir with cdk.json's context plus overrides, like
 * {@link SynthesizedApp} but with context values of any JSON type (lists, as cdk.json holds them)
 * and cached per variant, so the data-source, cdk-nag and cfn-lint tests share one synthesis each.
 */
final class SynthesizedVariant {
  /** Three data sources: two prefixes of one bucket (one listing statement) and a whole bucket. */
  static final List<String> DATA_SOURCES =
      List.of("s3://shared-datasets/calcloud/", "s3://shared-datasets/imagenet/train/", "s3://other.bucket-1/");
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";

  private static SynthesizedVariant agnostic;
  private static SynthesizedVariant deployed;

  final Path outdir;
  final BatchTrainStacks stacks;
  final CloudAssembly assembly;

  private SynthesizedVariant(Map<String, Object> overrides) {
    try {
      outdir = Files.createTempDirectory("batchtrain-cdk-variant");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> context = new HashMap<>(CdkJson.context());
    context.putAll(overrides);
    App app = new App(AppProps.builder().outdir(outdir.toString()).context(context).build());
    stacks = BatchTrainApp.build(app, Map.of());
    assembly = app.synth();
  }

  /**
   * cdk.json's context plus {@link #DATA_SOURCES}, given as {@code -c dataSources=a,b,c} would give
   * them; environment-agnostic, so ARNs carry the AWS::Partition pseudo-parameter.
   */
  static synchronized SynthesizedVariant withDataSources() {
    if (agnostic == null) {
      agnostic = new SynthesizedVariant(Map.of(InfraConfig.DATA_SOURCES, String.join(",", DATA_SOURCES)));
    }
    return agnostic;
  }

  /**
   * A deployment-like context: {@link #DATA_SOURCES} as a JSON list, an account and region (so the
   * partition is the literal {@code aws}), and most other keys away from their defaults. The
   * availability zones are given the way cdk.context.json caches them after a synth with
   * credentials; without them CDK would synthesize placeholder zones.
   */
  static synchronized SynthesizedVariant deployed() {
    if (deployed == null) {
      Map<String, Object> context = new HashMap<>();
      context.put(InfraConfig.STACK_PREFIX, "Lint");
      context.put(InfraConfig.ACCOUNT, ACCOUNT);
      context.put(InfraConfig.REGION, REGION);
      context.put("availability-zones:account=" + ACCOUNT + ":region=" + REGION,
          List.of(REGION + "a", REGION + "b", REGION + "c"));
      context.put(InfraConfig.DATA_SOURCES, DATA_SOURCES);
      context.put(InfraConfig.VPC_CIDR, "10.50.0.0/20");
      context.put(InfraConfig.MAX_AZS, 3);
      context.put(InfraConfig.CPU_MAXV_CPUS, 512);
      context.put(InfraConfig.CPU_SPOT_MAXV_CPUS, 1024);
      context.put(InfraConfig.GPU_MAXV_CPUS, 128);
      context.put(InfraConfig.GPU_SPOT_MAXV_CPUS, 256);
      context.put(InfraConfig.CPU_INSTANCE_TYPES, List.of("c7i", "m7i.2xlarge", "optimal"));
      context.put(InfraConfig.GPU_INSTANCE_TYPE, "p3.16xlarge");
      context.put(InfraConfig.CPU_IMAGE_TYPE, "ECS_AL2");
      context.put(InfraConfig.GPU_IMAGE_TYPE, "ECS_AL2_NVIDIA");
      context.put(InfraConfig.ROOT_VOLUME_GIB, 200);
      context.put(InfraConfig.IMAGE_DIGEST, "sha256:" + "0123456789abcdef".repeat(4));
      context.put(InfraConfig.GPU_IMAGE_TAG, "1.4.0-cuda12");
      context.put(InfraConfig.RETRY_ATTEMPTS, 5);
      context.put(InfraConfig.ATTEMPT_TIMEOUT_SECONDS, 7200);
      context.put(InfraConfig.RUNNABLE_TIMEOUT_SECONDS, 1800);
      context.put(InfraConfig.LOG_RETENTION_DAYS, 90);
      context.put(InfraConfig.GPU_NODE_VCPUS, 64);
      context.put(InfraConfig.GPU_NODE_MEMORY_MIB, 475_136);
      context.put(InfraConfig.GPU_NODE_GPUS, 8);
      context.put(InfraConfig.ECR_KEEP_LAST, 50);
      context.put(InfraConfig.ECR_UNTAGGED_EXPIRY_DAYS, 3);
      context.put(InfraConfig.CHECKPOINT_EXPIRY_DAYS, 7);
      context.put(InfraConfig.NONCURRENT_VERSION_EXPIRY_DAYS, 60);
      context.put(InfraConfig.ACCESS_LOG_EXPIRY_DAYS, 730);
      deployed = new SynthesizedVariant(context);
    }
    return deployed;
  }

  private final Map<String, Template> templates = new HashMap<>();

  Template batch() {
    return template(stacks.batch());
  }

  synchronized Template template(software.amazon.awscdk.Stack stack) {
    return templates.computeIfAbsent(stack.getStackName(), name -> Template.fromStack(stack));
  }

  /** The stack templates this synthesis wrote, as `cdk synth` leaves them in cdk.out. */
  List<Path> templateFiles() {
    return stacks.all().stream().map(s -> outdir.resolve(s.getTemplateFile())).toList();
  }
}
