package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * CloudFormation spells Batch properties in PascalCase ({@code ContainerProperties.MountPoints[].ContainerPath});
 * the Batch API in camelCase ({@code containerProperties.mountPoints[].containerPath}). The names
 * otherwise match, except inside string maps, whose keys are the user's and stay as they are.
 */
final class ApiShape {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STRING_MAPS = Set.of("Options", "Parameters", "Tags", "DockerLabels", "Labels");

  private ApiShape() {}

  static JsonNode camel(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(camel(n)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JSON.createObjectNode();
    node.fields().forEachRemaining(e -> out.set(lowerFirst(e.getKey()),
        STRING_MAPS.contains(e.getKey()) ? e.getValue() : camel(e.getValue())));
    return out;
  }

  private static String lowerFirst(String key) {
    return key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1);
  }
}
