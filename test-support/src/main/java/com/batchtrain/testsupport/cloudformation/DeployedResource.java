package com.batchtrain.testsupport.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One resource of a deployed stack: what {@code Ref} returns ({@code physicalId}) and its
 * properties with every intrinsic function resolved.
 */
public record DeployedResource(String stack, String logicalId, String type, String physicalId, JsonNode properties) {

  /** A resolved property as text, or empty text when absent. */
  public String text(String property) {
    return properties.path(property).asText("");
  }
}
