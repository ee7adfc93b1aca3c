package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StackOutputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/** What {@code cdk synth} leaves in the outdir, and how context reaches the stacks. */
class AppSynthesisTest {
  private static final List<String> STACKS = List.of("BatchTrain-Network", "BatchTrain-Storage",
      "BatchTrain-Registry", "BatchTrain-Batch");
  private static SynthesizedApp synthesized;
  private static JsonNode manifest;

  @BeforeAll
  static void synthesize() throws IOException {
    synthesized = SynthesizedApp.withDefaults();
    manifest = new ObjectMapper().readTree(synthesized.outdir.resolve("manifest.json").toFile());
  }

  @Test
  void outdirHoldsATemplatePerStackAndTheManifest() throws IOException {
    assertTrue(Files.isRegularFile(synthesized.outdir.resolve("tree.json")));
    for (String stack : STACKS) {
      Path template = synthesized.outdir.resolve(stack + ".template.json");
      JsonNode parsed = new ObjectMapper().readTree(template.toFile());
      assertTrue(parsed.get("Resources").size() > 0, stack);
      JsonNode artifact = manifest.at("/artifacts/" + stack);
      assertEquals("aws:cloudformation:stack", artifact.get("type").asText());
      assertEquals(stack + ".template.json", artifact.at("/properties/templateFile").asText());
      // Environment-agnostic: synth needs no credentials and no account look-up.
      assertEquals("aws://unknown-account/unknown-region", artifact.get("environment").asText());
    }
    assertEquals(STACKS.stream().map(s -> StackOutputs.stackName(StackOutputs.DEFAULT_STACK_PREFIX,
        s.substring(s.indexOf('-') + 1))).toList(), STACKS);
  }

  @Test
  void synthesisWithCdkJsonReportsNoErrorsOrWarningsAtAll() {
    for (software.amazon.awscdk.Stack stack : synthesized.stacks.all()) {
      List<String> messages = synthesized.assembly.getStackArtifact(stack.getArtifactId()).getMessages().stream()
          .filter(m -> m.getLevel() != SynthesisMessageLevel.INFO)
          .map(m -> m.getLevel() + " " + m.getId() + ": " + m.getEntry().getData())
          .toList();
      assertEquals(List.of(), messages, stack.getStackName());
    }
  }

  @Test
  void batchStackDependsOnTheOthersAndStorageOnTheNetwork() {
    assertEquals(Set.of("BatchTrain-Network", "BatchTrain-Storage", "BatchTrain-Registry"),
        stackDependencies("BatchTrain-Batch"));
    assertEquals(Set.of("BatchTrain-Network"), stackDependencies("BatchTrain-Storage"));
    assertEquals(Set.of(), stackDependencies("BatchTrain-Network"));
  }

  private static Set<String> stackDependencies(String stack) {
    Set<String> dependencies = new TreeSet<>();
    manifest.at("/artifacts/" + stack + "/dependencies").forEach(d -> {
      if (STACKS.contains(d.asText())) {
        dependencies.add(d.asText());
      }
    });
    return dependencies;
  }

  @Test
  void contextOverridesAndTheCliEnvironmentReachTheStacks() throws IOException {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    String gpuDigest = "sha256:" + "fedcba9876543210".repeat(4);
    SynthesizedApp custom = SynthesizedApp.withOverrides(Map.of(
            InfraConfig.STACK_PREFIX, "Exp",
            InfraConfig.GPU_INSTANCE_TYPE, "p3.16xlarge",
            InfraConfig.GPU_NODE_GPUS, "8",
            InfraConfig.GPU_NODE_VCPUS, "64",
            InfraConfig.GPU_SPOT_MAXV_CPUS, "512",
            InfraConfig.IMAGE_DIGEST, digest,
            InfraConfig.GPU_IMAGE_TAG, "1.4.0-cuda",
            InfraConfig.GPU_IMAGE_DIGEST, gpuDigest),
        Map.of(InfraConfig.DEFAULT_ACCOUNT_ENV, "123456789012", InfraConfig.DEFAULT_REGION_ENV, "eu-west-1"));
    JsonNode customManifest = new ObjectMapper().readTree(custom.outdir.resolve("manifest.json").toFile());
    for (String stack : List.of("Exp-Network", "Exp-Storage", "Exp-Registry", "Exp-Batch")) {
      assertTrue(Files.isRegularFile(custom.outdir.resolve(stack + ".template.json")), stack);
      assertEquals("aws://123456789012/eu-west-1", customManifest.at("/artifacts/" + stack + "/environment").asText());
    }
    Template batch = custom.batch();
    batch.hasResourceProperties("AWS::Batch::ComputeEnvironment", Map.of("ComputeResources", Match.objectLike(Map.of(
        "Type", "SPOT", "MaxvCpus", 512, "InstanceTypes", List.of("p3.16xlarge")))));
    // Each digest wins over its tag (cdk.json's imageTag, the -c gpuImageTag) and goes to its own
    // definitions: GPU-reserving ones run the GPU image, the others the CPU image.
    batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
        "JobDefinitionName", "Exp-gpu-node",
        "ContainerProperties", Match.objectLike(Map.of(
            "Image", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("@" + gpuDigest)))),
            "ResourceRequirements", Match.arrayWith(List.of(
                Map.of("Type", "VCPU", "Value", "64"), Map.of("Type", "GPU", "Value", "8")))))));
    for (String name : List.of("Exp-gpu-trial", "Exp-gpu-node")) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", name,
          "ContainerProperties", Match.objectLike(Map.of(
              "Image", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("@" + gpuDigest))))))));
    }
    for (String name : List.of("Exp-cpu-trial", "Exp-stage")) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", name,
          "ContainerProperties", Match.objectLike(Map.of(
              "Image", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("@" + digest))))))));
    }
  }

  @Test
  void existingVpcIsLookedUpAndGetsNoNewVpcOrEndpoints() throws IOException {
    SynthesizedApp existing = SynthesizedApp.withOverrides(Map.of(
            InfraConfig.VPC_ID, "vpc-0123456789abcdef0",
            InfraConfig.ACCOUNT, "123456789012",
            InfraConfig.REGION, "eu-west-1"),
        Map.of());
    Template network = existing.network();
    network.resourceCountIs("AWS::EC2::VPC", 0);
    network.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
    network.resourceCountIs("AWS::EC2::FlowLog", 1);
    JsonNode manifest = new ObjectMapper().readTree(existing.outdir.resolve("manifest.json").toFile());
    // Offline, CDK records the look-up as missing context; `cdk synth` with credentials fills
    // cdk.context.json and synthesizes again with the real VPC.
    JsonNode missing = manifest.get("missing");
    assertEquals("vpc-provider", missing.get(0).get("provider").asText());
    assertEquals("vpc-0123456789abcdef0", missing.get(0).at("/props/filter/vpc-id").asText());
  }

  @Test
  void invalidContextFailsBeforeAnyStackExists() {
    App app = new App(AppProps.builder().outdir(synthesized.outdir.resolve("unused").toString())
        .context(Map.of(InfraConfig.CPU_MAXV_CPUS, "40")).build());
    InvalidContextException e = assertThrows(InvalidContextException.class, () -> BatchTrainApp.build(app, Map.of()));
    assertEquals(InfraConfig.CPU_MAXV_CPUS, e.field());
    assertEquals(0, app.getNode().getChildren().size());
  }

  @Test
  void instanceFamilyCdkDoesNotKnowNamesItsKey() {
    App app = new App(AppProps.builder().outdir(synthesized.outdir.resolve("unused2").toString())
        .context(Map.of(InfraConfig.CPU_INSTANCE_TYPES, "zz9")).build());
    InvalidContextException e = assertThrows(InvalidContextException.class, () -> BatchTrainApp.build(app, Map.of()));
    assertEquals(InfraConfig.CPU_INSTANCE_TYPES, e.field());
  }
}
