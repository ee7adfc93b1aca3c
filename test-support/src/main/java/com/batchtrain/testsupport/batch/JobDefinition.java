package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A registered job definition, in the Batch API's shape.
 *
 * @param containerProperties as DescribeJobDefinitions returns them (image, command, environment,
 *     resourceRequirements, volumes, mountPoints, user, readonlyRootFilesystem, linuxParameters, roles)
 * @param retryStrategy attempts and evaluateOnExit, or a missing node
 */
public record JobDefinition(String arn, String name, int revision, String type, JsonNode containerProperties,
    JsonNode retryStrategy, Optional<Integer> attemptDurationSeconds, boolean propagateTags, JsonNode tags) {}
