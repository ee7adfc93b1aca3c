package com.batchtrain.invoke.aws;

import com.batchtrain.contract.ContractJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Any SDK request or model object in the API's JSON shape (the member names the wire uses, what
 * {@code aws batch ... --cli-input-json} takes), from the SDK's own field list: members that are not
 * set are left out, as the SDK leaves them out of the request it sends. For {@code --dry-run}.
 */
public final class SdkJson {
  private SdkJson() {}

  public static String render(SdkPojo pojo) {
    try {
      return ContractJson.mapper().writeValueAsString(tree(pojo));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode tree(SdkPojo pojo) {
    ObjectNode out = ContractJson.mapper().createObjectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
        out.set(field.locationName(), node(value));
      }
    }
    return out;
  }

  private static JsonNode node(Object value) {
    if (value instanceof SdkPojo p) {
      return tree(p);
    }
    if (value instanceof Collection<?> c) {
      ArrayNode a = ContractJson.mapper().createArrayNode();
      c.forEach(v -> a.add(node(v)));
      return a;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode o = ContractJson.mapper().createObjectNode();
      new TreeMap<>(m).forEach((k, v) -> o.set(String.valueOf(k), node(v)));
      return o;
    }
    return ContractJson.mapper().valueToTree(value);
  }
}
