package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one job reserves: the job definition's resource requirements with the request's overrides
 * on top, type by type (the legacy {@code vcpus}/{@code memory} fields count where no requirement
 * of that type is given).
 */
record JobResources(int vcpus, int memoryMiB, int gpus) {

  static JobResources of(JsonNode containerProperties, JsonNode overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    legacy(containerProperties, values);
    requirements(containerProperties.path("resourceRequirements"), values);
    legacy(overrides, values);
    requirements(overrides.path("resourceRequirements"), values);
    return new JobResources(integer(values, "VCPU", 0), integer(values, "MEMORY", 0), integer(values, "GPU", 0));
  }

  private static void legacy(JsonNode node, Map<String, String> values) {
    if (node.has("vcpus")) {
      values.put("VCPU", node.get("vcpus").asText());
    }
    if (node.has("memory")) {
      values.put("MEMORY", node.get("memory").asText());
    }
  }

  private static void requirements(JsonNode list, Map<String, String> values) {
    for (JsonNode r : list) {
      values.put(r.path("type").asText(), r.path("value").asText());
    }
  }

  private static int integer(Map<String, String> values, String type, int absent) {
    String v = values.get(type);
    if (v == null) {
      return absent;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw BatchApiException.client("resourceRequirements " + type + " must be a whole number on EC2 resources, got '" + v + "'");
    }
  }
}
