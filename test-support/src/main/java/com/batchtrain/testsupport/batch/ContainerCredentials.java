package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ECS credential endpoint of the emulated instances: each attempt whose job definition names a
 * job role gets a URL (AWS_CONTAINER_CREDENTIALS_FULL_URI, which the AWS SDKs accept on loopback)
 * that returns that role's temporary credentials, as 169.254.170.2 does for
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI. The keys are the ones the account's S3 endpoint accepts:
 * the emulator does not evaluate IAM policies.
 */
final class ContainerCredentials {
  static final String PATH = "/v2/credentials/";

  private final Map<String, String> roleByToken = new ConcurrentHashMap<>();
  private final String accessKeyId;
  private final String secretAccessKey;
  private URI endpoint;

  ContainerCredentials(String accessKeyId, String secretAccessKey) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
  }

  void serveAt(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** A credentials URL for one task running as {@code roleArn}. */
  URI issue(String roleArn, String taskArn) {
    String token = UUID.nameUUIDFromBytes(taskArn.getBytes()).toString();
    roleByToken.put(token, roleArn);
    return endpoint.resolve(PATH + token);
  }

  /** The credentials document for {@code token}, or empty for a token no task was given. */
  Optional<ObjectNode> credentials(String token) {
    String role = roleByToken.get(token);
    if (role == null) {
      return Optional.empty();
    }
    ObjectNode doc = ApiShape.JSON.createObjectNode();
    doc.put("RoleArn", role);
    doc.put("AccessKeyId", accessKeyId);
    doc.put("SecretAccessKey", secretAccessKey);
    doc.put("Expiration", Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
    return Optional.of(doc);
  }
}
