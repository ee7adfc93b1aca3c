package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks Batch applies to RegisterJobDefinition and DescribeJobDefinitions requests: first the
 * service model's (botocore's request shapes: members, required members, types, enums, bounds;
 * {@link ServiceShapes}), then what the API reference adds: the name's characters and length, a
 * container job needs its container properties and an image, resource requirements of known types
 * with positive amounts, the retry strategy and tags as SubmitJob checks them, an attempt timeout of
 * at least 60 s, no {@code AWS_BATCH} variables, mount points naming declared volumes, a scheduling
 * priority of 0..9999. Multi-node, EKS, ECS-properties and Fargate definitions are refused as not
 * implemented by the emulator.
 */
final class JobDefinitionValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  // Up to 255 letters, numbers, hyphens, underscores, colons, periods, forward slashes and number signs (@ for digests).
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9_.:/#@-]{1,255}");
  private static final int MIN_ATTEMPT_SECONDS = 60;
  private static final int MAX_DESCRIBE = 100;

  private JobDefinitionValidator() {}

  static void register(JsonNode r) {
    ServiceShapes.get().validate("RegisterJobDefinitionRequest", r, "");
    String name = r.get("jobDefinitionName").asText();
    if (!NAME.matcher(name).matches()) {
      throw BatchApiException.client("jobDefinitionName '" + name + "' is invalid: up to 128 letters (uppercase and"
          + " lowercase), numbers, hyphens and underscores");
    }
    if (r.get("type").asText().equals("multinode") || r.has("nodeProperties")) {
      throw BatchApiException.client("multi-node job definitions (type multinode, nodeProperties) are not implemented by"
          + " the Batch emulator");
    }
    for (String other : new String[] {"eksProperties", "ecsProperties", "consumableResourceProperties"}) {
      if (r.has(other)) {
        throw BatchApiException.client(other + " is not implemented by the Batch emulator: give containerProperties");
      }
    }
    for (JsonNode p : r.path("platformCapabilities")) {
      if (!p.asText().equals("EC2")) {
        throw BatchApiException.client("platformCapabilities " + p.asText() + " is not implemented by the Batch emulator"
            + " (EC2 only)");
      }
    }
    JsonNode c = r.path("containerProperties");
    if (c.isMissingNode() || c.isNull()) {
      throw BatchApiException.client("containerProperties is required for a job definition of type container");
    }
    String image = c.path("image").asText("");
    if (image.isEmpty()) {
      throw BatchApiException.client("containerProperties.image is required");
    }
    if (!IMAGE.matcher(image).matches()) {
      throw BatchApiException.client("containerProperties.image '" + image + "' is invalid: up to 255 letters, numbers,"
          + " hyphens, underscores, colons, periods, forward slashes and number signs");
    }
    for (JsonNode rr : c.path("resourceRequirements")) {
      String type = rr.path("type").asText();
      String value = rr.path("value").asText();
      boolean positive = value.matches("[0-9]+") && Long.parseLong(value) > 0;
      if (!positive) {
        throw BatchApiException.client("containerProperties.resourceRequirements: " + type + " must be a positive"
            + " integer, got '" + value + "'");
      }
    }
    for (JsonNode kv : c.path("environment")) {
      if (kv.path("name").asText("").startsWith("AWS_BATCH")) {
        throw BatchApiException.client("containerProperties.environment: " + kv.path("name").asText()
            + " is invalid: environment variables cannot start with AWS_BATCH, which Batch reserves");
      }
    }
    Set<String> volumes = new HashSet<>();
    c.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
    for (JsonNode mp : c.path("mountPoints")) {
      if (!volumes.contains(mp.path("sourceVolume").asText())) {
        throw BatchApiException.client("containerProperties.mountPoints: sourceVolume '" + mp.path("sourceVolume").asText()
            + "' names no volume of containerProperties.volumes " + volumes);
      }
    }
    SubmitJobValidator.retryStrategy(r.path("retryStrategy"));
    if (r.path("timeout").has("attemptDurationSeconds")
        && r.path("timeout").get("attemptDurationSeconds").asInt() < MIN_ATTEMPT_SECONDS) {
      throw BatchApiException.client("timeout.attemptDurationSeconds must be at least " + MIN_ATTEMPT_SECONDS
          + " seconds, got " + r.path("timeout").get("attemptDurationSeconds").asInt());
    }
    if (r.has("schedulingPriority")) {
      int p = r.get("schedulingPriority").asInt();
      if (p < 0 || p > 9999) {
        throw BatchApiException.client("schedulingPriority must be between 0 and 9999, got " + p);
      }
    }
    SubmitJobValidator.tags(r.path("tags"));
  }

  static void describe(JsonNode r) {
    ServiceShapes.get().validate("DescribeJobDefinitionsRequest", r, "");
    JsonNode list = r.path("jobDefinitions");
    if (!list.isMissingNode()) {
      if (r.has("jobDefinitionName") || r.has("status") || r.has("maxResults") || r.has("nextToken")) {
        throw BatchApiException.client("jobDefinitions can't be used with other parameters");
      }
      if (list.size() > MAX_DESCRIBE) {
        throw BatchApiException.client("DescribeJobDefinitions takes at most " + MAX_DESCRIBE + " job definitions, got "
            + list.size());
      }
      for (JsonNode d : list) {
        if (BatchResources.nameAndRevision(d.asText()).isEmpty()) {
          throw BatchApiException.client("jobDefinitions: '" + d.asText() + "' is neither an ARN"
              + " (arn:aws:batch:<region>:<account>:job-definition/<name>:<revision>) nor <name>:<revision>");
        }
      }
    }
    if (r.has("maxResults") && (r.get("maxResults").asInt() < 1 || r.get("maxResults").asInt() > MAX_DESCRIBE)) {
      throw BatchApiException.client("maxResults must be between 1 and " + MAX_DESCRIBE + ", got " + r.get("maxResults").asInt());
    }
    if (r.has("status") && !Set.of("ACTIVE", "INACTIVE").contains(r.get("status").asText())) {
      throw BatchApiException.client("status must be ACTIVE or INACTIVE, got '" + r.get("status").asText() + "'");
    }
  }
}
