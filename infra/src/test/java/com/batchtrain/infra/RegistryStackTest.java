package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.batchtrain.contract.StackOutputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class RegistryStackTest {
  private static Template registry;

  @BeforeAll
  static void synthesize() {
    registry = SynthesizedApp.withDefaults().registry();
  }

  @Test
  void repositoryScansOnPushAndNeverMovesATag() {
    registry.resourceCountIs("AWS::ECR::Repository", 1);
    registry.hasResourceProperties("AWS::ECR::Repository", Map.of(
        "ImageScanningConfiguration", Map.of("ScanOnPush", true),
        "ImageTagMutability", "IMMUTABLE"));
    registry.hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void lifecycleExpiresUntaggedImagesAndKeepsTheLastN() throws Exception {
    Map<String, Object> properties = (Map<String, Object>) registry.findResources("AWS::ECR::Repository")
        .values().iterator().next().get("Properties");
    String text = (String) ((Map<String, Object>) properties.get("LifecyclePolicy")).get("LifecyclePolicyText");
    JsonNode rules = new ObjectMapper().readTree(text).get("rules");
    assertEquals(2, rules.size());
    JsonNode untagged = rules.get(0);
    assertEquals(1, untagged.get("rulePriority").asInt());
    assertEquals("untagged", untagged.at("/selection/tagStatus").asText());
    assertEquals("sinceImagePushed", untagged.at("/selection/countType").asText());
    assertEquals(1, untagged.at("/selection/countNumber").asInt());
    assertEquals("days", untagged.at("/selection/countUnit").asText());
    JsonNode keep = rules.get(1);
    assertEquals("any", keep.at("/selection/tagStatus").asText());
    assertEquals("imageCountMoreThan", keep.at("/selection/countType").asText());
    assertEquals(20, keep.at("/selection/countNumber").asInt());
    for (JsonNode rule : rules) {
      assertEquals("expire", rule.at("/action/type").asText());
    }
  }

  @Test
  void repositoryUriIsAnOutput() {
    String repository = registry.findResources("AWS::ECR::Repository").keySet().iterator().next();
    registry.hasOutput(StackOutputs.REPOSITORY_URI, Map.of("Value", Map.of("Fn::Join", List.of("", List.of(
        Map.of("Fn::Select", List.of(4, Map.of("Fn::Split",
            List.of(":", Map.of("Fn::GetAtt", List.of(repository, "Arn")))))),
        ".dkr.ecr.",
        Map.of("Fn::Select", List.of(3, Map.of("Fn::Split",
            List.of(":", Map.of("Fn::GetAtt", List.of(repository, "Arn")))))),
        ".", Map.of("Ref", "AWS::URLSuffix"), "/", Map.of("Ref", repository))))));
  }
}
