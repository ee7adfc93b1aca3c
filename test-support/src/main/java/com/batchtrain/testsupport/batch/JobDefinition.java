package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A registered job definition, in the Batch API's shape: one of the templates', or one registered
 * with RegisterJobDefinition.
 *
 * @param containerProperties as DescribeJobDefinitions returns them (image, command, environment,
 *     resourceRequirements, volumes, mountPoints, user, readonlyRootFilesystem, linuxParameters, roles)
 * @param retryStrategy attempts and evaluateOnExit, or a missing node
 * @param parameters the default {@code Ref::} substitutions, or a missing node
 * @param platformCapabilities e.g. {@code ["EC2"]}, or a missing node
 */
public record JobDefinition(String arn, String name, int revision, String type, JsonNode containerProperties,
    JsonNode retryStrategy, Optional<Integer> attemptDurationSeconds, boolean propagateTags, JsonNode tags,
    JsonNode parameters, JsonNode platformCapabilities, Optional<Integer> schedulingPriority) {

  /** The image its containers start from. */
  public String image() {
    return containerProperties.path("image").asText();
  }

  /** {@code name:revision}, as SubmitJob and DescribeJobDefinitions accept it. */
  public String nameAndRevision() {
    return name + ":" + revision;
  }
}
