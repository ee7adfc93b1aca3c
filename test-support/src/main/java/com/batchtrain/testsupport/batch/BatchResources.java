package com.batchtrain.testsupport.batch;

import com.batchtrain.testsupport.cloudformation.DeployedResource;
import com.batchtrain.testsupport.cloudformation.EmulatedCloud;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Batch and EFS resources of the deployed stacks, read from their templates' resolved
 * properties: job definitions, job queues, compute environments, access points. Nothing here is
 * configured in Java: what the templates say is what the emulator runs.
 */
final class BatchResources {
  private final Map<String, JobDefinition> definitions = new LinkedHashMap<>();
  private final Map<String, JobQueue> queues = new LinkedHashMap<>();
  private final Map<String, ComputeEnvironment> environments = new LinkedHashMap<>();
  private final Map<String, EfsAccessPoint> accessPoints = new LinkedHashMap<>();

  private final String account;
  private final String region;

  private BatchResources(String account, String region) {
    this.account = account;
    this.region = region;
  }

  static BatchResources of(EmulatedCloud cloud) {
    BatchResources r = new BatchResources(cloud.account(), cloud.region());
    for (DeployedResource d : cloud.resources("AWS::Batch::ComputeEnvironment")) {
      JsonNode p = d.properties();
      JsonNode compute = p.path("ComputeResources");
      List<String> types = new ArrayList<>();
      compute.path("InstanceTypes").forEach(t -> types.add(t.asText()));
      String name = lastSegment(d.physicalId());
      // Batch names the ECS cluster of an environment <name>_Batch_<uuid>; a name-based UUID keeps it stable.
      String cluster = "arn:aws:ecs:" + r.region + ":" + r.account + ":cluster/" + name + "_Batch_"
          + java.util.UUID.nameUUIDFromBytes(d.physicalId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      r.environments.put(d.physicalId(), new ComputeEnvironment(d.physicalId(), name,
          "SPOT".equals(compute.path("Type").asText()), compute.path("MaxvCpus").asInt(0), List.copyOf(types),
          !"DISABLED".equals(p.path("State").asText()), cluster, ApiShape.camel(compute),
          p.path("ServiceRole").isTextual() ? p.get("ServiceRole").asText() : null));
    }
    for (DeployedResource d : cloud.resources("AWS::Batch::JobQueue")) {
      JsonNode p = d.properties();
      List<JsonNode> order = new ArrayList<>();
      p.path("ComputeEnvironmentOrder").forEach(order::add);
      order.sort(Comparator.comparingInt(o -> o.path("Order").asInt()));
      r.queues.put(d.physicalId(), new JobQueue(d.physicalId(), lastSegment(d.physicalId()), p.path("Priority").asInt(),
          !"DISABLED".equals(p.path("State").asText()),
          order.stream().map(o -> o.path("ComputeEnvironment").asText()).toList()));
    }
    for (DeployedResource d : cloud.resources("AWS::Batch::JobDefinition")) {
      JsonNode p = d.properties();
      String nameAndRevision = lastSegment(d.physicalId());
      int colon = nameAndRevision.lastIndexOf(':');
      r.definitions.put(d.physicalId(), new JobDefinition(d.physicalId(), nameAndRevision.substring(0, colon),
          Integer.parseInt(nameAndRevision.substring(colon + 1)), p.path("Type").asText("container"),
          ApiShape.camel(p.path("ContainerProperties")), ApiShape.camel(p.path("RetryStrategy")),
          p.path("Timeout").has("AttemptDurationSeconds")
              ? Optional.of(p.path("Timeout").path("AttemptDurationSeconds").asInt()) : Optional.empty(),
          p.path("PropagateTags").asBoolean(false), p.path("Tags"), p.path("Parameters"),
          p.path("PlatformCapabilities"),
          p.has("SchedulingPriority") ? Optional.of(p.get("SchedulingPriority").asInt()) : Optional.empty()));
    }
    for (DeployedResource d : cloud.resources("AWS::EFS::AccessPoint")) {
      JsonNode p = d.properties();
      JsonNode root = p.path("RootDirectory");
      JsonNode creation = root.path("CreationInfo");
      JsonNode user = p.path("PosixUser");
      r.accessPoints.put(d.physicalId(), new EfsAccessPoint(d.physicalId(), p.path("FileSystemId").asText(),
          root.path("Path").asText("/"),
          creation.isMissingNode() ? Optional.empty() : Optional.of(new EfsAccessPoint.Creation(
              creation.path("OwnerUid").asInt(), creation.path("OwnerGid").asInt(), creation.path("Permissions").asText())),
          user.isMissingNode() ? Optional.empty()
              : Optional.of(new EfsAccessPoint.PosixUser(user.path("Uid").asInt(), user.path("Gid").asInt()))));
    }
    return r;
  }

  /** Every compute environment, in template order. */
  List<ComputeEnvironment> environments() {
    return List.copyOf(environments.values());
  }

  /** Every job queue, in template order. */
  List<JobQueue> queues() {
    return List.copyOf(queues.values());
  }

  /** A queue by ARN or name. */
  Optional<JobQueue> queue(String arnOrName) {
    return Optional.ofNullable(queues.get(arnOrName))
        .or(() -> queues.values().stream().filter(q -> q.name().equals(arnOrName)).findFirst());
  }

  /** A job definition by ARN, name:revision, or name (its latest revision), as SubmitJob accepts it. */
  synchronized Optional<JobDefinition> definition(String reference) {
    if (definitions.containsKey(reference)) {
      return Optional.of(definitions.get(reference));
    }
    Optional<String[]> nameAndRevision = nameAndRevision(reference);
    if (nameAndRevision.isPresent()) {
      String[] nr = nameAndRevision.get();
      if (reference.startsWith("arn:") && !reference.equals(arn(nr[0], Integer.parseInt(nr[1])))) {
        return Optional.empty(); // another account's or region's
      }
      return definitions.values().stream()
          .filter(d -> d.name().equals(nr[0]) && Integer.toString(d.revision()).equals(nr[1])).findFirst();
    }
    if (reference.startsWith("arn:")) {
      return Optional.empty();
    }
    return definitions.values().stream().filter(d -> d.name().equals(reference))
        .max(Comparator.comparingInt(JobDefinition::revision));
  }

  /** {name, revision} of an ARN or {@code name:revision}; empty for a bare name. */
  static Optional<String[]> nameAndRevision(String reference) {
    String name = reference.startsWith("arn:") ? lastSegment(reference) : reference;
    int colon = name.lastIndexOf(':');
    if (colon <= 0 || !name.substring(colon + 1).matches("\\d+")) {
      return Optional.empty();
    }
    return Optional.of(new String[] {name.substring(0, colon), name.substring(colon + 1)});
  }

  /** Every job definition, in registration order (the templates' first). */
  synchronized List<JobDefinition> definitions() {
    return List.copyOf(definitions.values());
  }

  /**
   * RegisterJobDefinition of a validated request (API shape): the next revision of its name (1 for a
   * new name), ACTIVE at once.
   */
  synchronized JobDefinition register(JsonNode request) {
    String name = request.get("jobDefinitionName").asText();
    int revision = definitions.values().stream().filter(d -> d.name().equals(name))
        .mapToInt(JobDefinition::revision).max().orElse(0) + 1;
    JsonNode timeout = request.path("timeout");
    JobDefinition d = new JobDefinition(arn(name, revision), name, revision, request.get("type").asText(),
        request.get("containerProperties").deepCopy(), request.path("retryStrategy").deepCopy(),
        timeout.has("attemptDurationSeconds") ? Optional.of(timeout.get("attemptDurationSeconds").asInt()) : Optional.empty(),
        request.path("propagateTags").asBoolean(false), request.path("tags").deepCopy(),
        request.path("parameters").deepCopy(), request.path("platformCapabilities").deepCopy(),
        request.has("schedulingPriority") ? Optional.of(request.get("schedulingPriority").asInt()) : Optional.empty());
    definitions.put(d.arn(), d);
    return d;
  }

  private String arn(String name, int revision) {
    return "arn:aws:batch:" + region + ":" + account + ":job-definition/" + name + ":" + revision;
  }

  ComputeEnvironment environment(String arn) {
    ComputeEnvironment ce = environments.get(arn);
    if (ce == null) {
      throw new IllegalStateException("job queue names compute environment " + arn + ", which the stacks do not create");
    }
    return ce;
  }

  Optional<EfsAccessPoint> accessPoint(String id) {
    return Optional.ofNullable(accessPoints.get(id));
  }

  private static String lastSegment(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
