package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Batch REST-JSON operations the CLI uses (SubmitJob, DescribeJobs, ListJobs, TerminateJob,
 * CancelJob, DescribeJobDefinitions, RegisterJobDefinition, DescribeJobQueues,
 * DescribeComputeEnvironments), with the request members and response shapes of the Batch API
 * reference.
 */
final class BatchApi {
  private static final int MAX_DESCRIBE = 100;
  private static final int MAX_LIST = 1000;
  /** The members of the API's ComputeResource shape: what of the template's ComputeResources a Describe shows. */
  private static final java.util.Set<String> COMPUTE_RESOURCE_MEMBERS = java.util.Set.of("type", "allocationStrategy",
      "minvCpus", "maxvCpus", "desiredvCpus", "instanceTypes", "imageId", "subnets", "securityGroupIds", "ec2KeyPair",
      "instanceRole", "tags", "placementGroup", "bidPercentage", "spotIamFleetRole", "launchTemplate",
      "ec2Configuration", "scalingPolicy");

  private final JobTable jobs;
  private final BatchResources resources;

  BatchApi(JobTable jobs, BatchResources resources) {
    this.jobs = jobs;
    this.resources = resources;
  }

  /** Handles {@code POST /v1/<operation>}; throws {@link BatchApiException} for a refused request. */
  JsonNode handle(String operation, JsonNode request) {
    return switch (operation) {
      case "submitjob" -> submit(request);
      case "describejobs" -> describe(request);
      case "listjobs" -> list(request);
      case "describejobdefinitions" -> describeDefinitions(request);
      case "registerjobdefinition" -> register(request);
      case "describecomputeenvironments" -> describeEnvironments(request);
      case "describejobqueues" -> describeQueues(request);
      case "terminatejob" -> {
        jobs.terminate(required(request, "jobId"), required(request, "reason"));
        yield ApiShape.JSON.createObjectNode();
      }
      case "canceljob" -> {
        jobs.cancel(required(request, "jobId"), required(request, "reason"));
        yield ApiShape.JSON.createObjectNode();
      }
      default -> throw new BatchApiException(404, "UnknownOperationException",
          "the Batch emulator does not implement /v1/" + operation);
    };
  }

  private JsonNode submit(JsonNode request) {
    EmulatedJob job = jobs.submit(request);
    ObjectNode out = ApiShape.JSON.createObjectNode();
    out.put("jobArn", job.arn);
    out.put("jobName", job.name);
    out.put("jobId", job.id);
    return out;
  }

  private JsonNode register(JsonNode request) {
    JobDefinitionValidator.register(request);
    JobDefinition d = resources.register(request);
    ObjectNode out = ApiShape.JSON.createObjectNode();
    out.put("jobDefinitionName", d.name());
    out.put("jobDefinitionArn", d.arn());
    out.put("revision", d.revision());
    return out;
  }

  /** By ARN or name:revision (unknown ones left out), or by name and status, or all; ACTIVE is the only status here. */
  private JsonNode describeDefinitions(JsonNode request) {
    JobDefinitionValidator.describe(request);
    List<JobDefinition> matching = new ArrayList<>();
    if (request.has("jobDefinitions")) {
      for (JsonNode reference : request.get("jobDefinitions")) {
        resources.definition(reference.asText()).filter(d -> !matching.contains(d)).ifPresent(matching::add);
      }
    } else {
      String name = request.path("jobDefinitionName").asText("");
      boolean inactive = request.path("status").asText("ACTIVE").equals("INACTIVE");
      for (JobDefinition d : resources.definitions()) {
        if ((name.isEmpty() || d.name().equals(name)) && !inactive) {
          matching.add(d);
        }
      }
    }
    int max = request.path("maxResults").asInt(MAX_DESCRIBE);
    int from = request.hasNonNull("nextToken") ? token(request.get("nextToken").asText()) : 0;
    ObjectNode out = ApiShape.JSON.createObjectNode();
    ArrayNode list = out.putArray("jobDefinitions");
    for (int i = from; i < Math.min(matching.size(), from + max); i++) {
      list.add(definition(matching.get(i)));
    }
    if (from + max < matching.size()) {
      out.put("nextToken", Integer.toString(from + max));
    }
    return out;
  }

  /**
   * DescribeComputeEnvironments: the named environments (ARN or name; unknown ones left out, as Batch
   * does), or all, a page of {@code maxResults} (1..100) at a time.
   */
  private JsonNode describeEnvironments(JsonNode request) {
    ServiceShapes.get().validate("DescribeComputeEnvironmentsRequest", request, "");
    List<ComputeEnvironment> matching = named(request, "computeEnvironments", resources.environments(),
        ComputeEnvironment::arn, ComputeEnvironment::name);
    return page(request, matching, "computeEnvironments", BatchApi::environment);
  }

  /** DescribeJobQueues: as DescribeComputeEnvironments, for queues. */
  private JsonNode describeQueues(JsonNode request) {
    ServiceShapes.get().validate("DescribeJobQueuesRequest", request, "");
    List<JobQueue> matching = named(request, "jobQueues", resources.queues(), JobQueue::arn, JobQueue::name);
    return page(request, matching, "jobQueues", BatchApi::queue);
  }

  /** The resources a Describe request names (by ARN or name, at most 100), or all of them when it names none. */
  private static <T> List<T> named(JsonNode request, String member, List<T> all, java.util.function.Function<T, String> arn,
      java.util.function.Function<T, String> name) {
    JsonNode names = request.path(member);
    if (!names.isArray()) {
      return all;
    }
    if (names.size() > MAX_DESCRIBE) {
      throw BatchApiException.client(member + " takes at most " + MAX_DESCRIBE + " entries, got " + names.size());
    }
    List<T> out = new ArrayList<>();
    for (JsonNode n : names) {
      all.stream().filter(r -> arn.apply(r).equals(n.asText()) || name.apply(r).equals(n.asText()))
          .filter(r -> !out.contains(r)).findFirst().ifPresent(out::add);
    }
    return out;
  }

  private static <T> JsonNode page(JsonNode request, List<T> matching, String member,
      java.util.function.Function<T, ObjectNode> render) {
    int max = request.path("maxResults").asInt(MAX_DESCRIBE);
    if (max < 1 || max > MAX_DESCRIBE) {
      throw BatchApiException.client("maxResults must be between 1 and " + MAX_DESCRIBE + ", got " + max);
    }
    int from = request.hasNonNull("nextToken") ? token(request.get("nextToken").asText()) : 0;
    ObjectNode out = ApiShape.JSON.createObjectNode();
    ArrayNode list = out.putArray(member);
    for (int i = from; i < Math.min(matching.size(), from + max); i++) {
      list.add(render.apply(matching.get(i)));
    }
    if (from + max < matching.size()) {
      out.put("nextToken", Integer.toString(from + max));
    }
    return out;
  }

  private static ObjectNode environment(ComputeEnvironment ce) {
    ObjectNode o = ApiShape.JSON.createObjectNode();
    o.put("computeEnvironmentName", ce.name());
    o.put("computeEnvironmentArn", ce.arn());
    o.put("ecsClusterArn", ce.ecsClusterArn());
    o.put("type", "MANAGED");
    o.put("state", ce.enabled() ? "ENABLED" : "DISABLED");
    o.put("status", "VALID");
    o.put("statusReason", "ComputeEnvironment Healthy");
    ObjectNode resources = ApiShape.JSON.createObjectNode();
    ce.computeResources().fields().forEachRemaining(e -> {
      if (COMPUTE_RESOURCE_MEMBERS.contains(e.getKey())) {
        resources.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    resources.put("desiredvCpus", 0);
    o.set("computeResources", resources);
    if (ce.serviceRole() != null) {
      o.put("serviceRole", ce.serviceRole());
    }
    o.put("containerOrchestrationType", "ECS");
    return o;
  }

  private static ObjectNode queue(JobQueue q) {
    ObjectNode o = ApiShape.JSON.createObjectNode();
    o.put("jobQueueName", q.name());
    o.put("jobQueueArn", q.arn());
    o.put("state", q.enabled() ? "ENABLED" : "DISABLED");
    o.put("status", "VALID");
    o.put("priority", q.priority());
    ArrayNode order = o.putArray("computeEnvironmentOrder");
    for (int i = 0; i < q.computeEnvironmentArns().size(); i++) {
      order.addObject().put("order", i + 1).put("computeEnvironment", q.computeEnvironmentArns().get(i));
    }
    o.put("jobQueueType", "ECS");
    return o;
  }

  static ObjectNode definition(JobDefinition d) {
    ObjectNode o = ApiShape.JSON.createObjectNode();
    o.put("jobDefinitionName", d.name());
    o.put("jobDefinitionArn", d.arn());
    o.put("revision", d.revision());
    o.put("status", "ACTIVE");
    o.put("type", d.type());
    d.schedulingPriority().ifPresent(p -> o.put("schedulingPriority", p));
    if (d.parameters().isObject()) {
      o.set("parameters", d.parameters().deepCopy());
    }
    if (d.retryStrategy().isObject()) {
      o.set("retryStrategy", d.retryStrategy().deepCopy());
    }
    o.set("containerProperties", d.containerProperties().deepCopy());
    d.attemptDurationSeconds().ifPresent(t -> o.putObject("timeout").put("attemptDurationSeconds", t));
    if (d.tags().isObject() && d.tags().size() > 0) {
      o.set("tags", d.tags().deepCopy());
    }
    o.put("propagateTags", d.propagateTags());
    if (d.platformCapabilities().isArray()) {
      o.set("platformCapabilities", d.platformCapabilities().deepCopy());
    }
    o.put("containerOrchestrationType", "ECS");
    return o;
  }

  private JsonNode describe(JsonNode request) {
    JsonNode ids = request.path("jobs");
    if (!ids.isArray()) {
      throw BatchApiException.client("jobs is required");
    }
    if (ids.size() > MAX_DESCRIBE) {
      throw BatchApiException.client("DescribeJobs takes at most " + MAX_DESCRIBE + " job ids, got " + ids.size());
    }
    ObjectNode out = ApiShape.JSON.createObjectNode();
    ArrayNode list = out.putArray("jobs");
    synchronized (jobs) {
      // Unknown ids are left out, as Batch does.
      for (JsonNode id : ids) {
        jobs.find(id.asText()).ifPresent(job -> list.add(detail(job)));
      }
    }
    return out;
  }

  private JsonNode list(JsonNode request) {
    String queue = request.path("jobQueue").asText("");
    String arrayJobId = request.path("arrayJobId").asText("");
    if (queue.isEmpty() == arrayJobId.isEmpty()) {
      throw BatchApiException.client("ListJobs needs exactly one of jobQueue and arrayJobId"
          + " (multiNodeJobId is not implemented by the emulator)");
    }
    JobStatus wanted = request.hasNonNull("jobStatus") ? status(request.get("jobStatus").asText()) : JobStatus.RUNNING;
    java.util.function.Predicate<EmulatedJob> filter = filter(request.path("filters"), !arrayJobId.isEmpty());
    int max = request.path("maxResults").asInt(MAX_LIST);
    if (max < 1 || max > MAX_LIST) {
      throw BatchApiException.client("maxResults must be between 1 and " + MAX_LIST + ", got " + max);
    }
    int from = request.hasNonNull("nextToken") ? token(request.get("nextToken").asText()) : 0;
    List<EmulatedJob> matching = new ArrayList<>();
    ObjectNode out = ApiShape.JSON.createObjectNode();
    ArrayNode list = out.putArray("jobSummaryList");
    synchronized (jobs) {
      if (!arrayJobId.isEmpty()) {
        EmulatedJob parent = jobs.find(arrayJobId).filter(EmulatedJob::isArrayParent)
            .orElseThrow(() -> BatchApiException.client("arrayJobId " + arrayJobId + " is not an array job"));
        parent.children.stream().filter(c -> c.status == wanted).forEach(matching::add);
      } else {
        for (EmulatedJob j : jobs.all()) {
          if ((j.queue.arn().equals(queue) || j.queue.name().equals(queue)) 
              && (filter != null ? j.parent == null && filter.test(j) : j.status == wanted)) {
            matching.add(j);
          }
        }
        if (filter != null) {
          // As Batch: with a filter, the most recent jobs first.
          matching.sort(java.util.Comparator.comparingLong((EmulatedJob j) -> j.createdAt).reversed());
        }
      }
      for (int i = from; i < Math.min(matching.size(), from + max); i++) {
        list.add(summary(matching.get(i)));
      }
    }
    if (from + max < matching.size()) {
      out.put("nextToken", Integer.toString(from + max));
    }
    return out;
  }

  /**
   * ListJobs' {@code filters}, as the Batch API documents them: at most one filter; with one,
   * {@code jobStatus} is ignored and jobs of every status are listed; it does not apply to the
   * children of an array job. {@code JOB_NAME} matches case-insensitively, a trailing {@code *}
   * as a prefix. The other filter names are refused as not implemented. Null without filters.
   */
  private static java.util.function.Predicate<EmulatedJob> filter(JsonNode filters, boolean children) {
    if (filters.isMissingNode() || filters.isNull() || filters.isEmpty()) {
      return null;
    }
    if (!filters.isArray() || filters.size() != 1) {
      throw BatchApiException.client("ListJobs takes one filter at a time, got " + filters.size());
    }
    if (children) {
      throw BatchApiException.client("ListJobs filters do not apply to the children of an array job (arrayJobId)");
    }
    JsonNode f = filters.get(0);
    String name = f.path("name").asText("");
    if (!name.equals("JOB_NAME")) {
      throw BatchApiException.client("ListJobs filter " + name + " is not implemented by the emulator (JOB_NAME is)");
    }
    JsonNode values = f.path("values");
    if (!values.isArray() || values.size() != 1) {
      throw BatchApiException.client("ListJobs filter JOB_NAME takes one value");
    }
    String value = values.get(0).asText().toLowerCase(java.util.Locale.ROOT);
    boolean prefix = value.endsWith("*");
    String text = prefix ? value.substring(0, value.length() - 1) : value;
    return j -> {
      String jobName = j.name.toLowerCase(java.util.Locale.ROOT);
      return prefix ? jobName.startsWith(text) : jobName.equals(text);
    };
  }

  private static ObjectNode summary(EmulatedJob job) {
    ObjectNode s = ApiShape.JSON.createObjectNode();
    s.put("jobArn", job.arn);
    s.put("jobId", job.id);
    s.put("jobName", job.name);
    s.put("createdAt", job.createdAt);
    s.put("status", job.status.name());
    putIfPresent(s, "statusReason", job.statusReason);
    putIfPresent(s, "startedAt", job.startedAt);
    putIfPresent(s, "stoppedAt", job.stoppedAt);
    s.put("jobDefinition", job.definition.arn());
    job.lastAttempt().filter(a -> a.stoppedAt > 0).ifPresent(a -> {
      ObjectNode c = s.putObject("container");
      putIfPresent(c, "exitCode", a.exitCode);
      putIfPresent(c, "reason", a.reason);
    });
    if (job.parent != null) {
      s.putObject("arrayProperties").put("index", job.index);
    } else if (job.isArrayParent()) {
      s.putObject("arrayProperties").put("size", job.arraySize);
    }
    return s;
  }

  private static ObjectNode detail(EmulatedJob job) {
    ObjectNode d = ApiShape.JSON.createObjectNode();
    d.put("jobArn", job.arn);
    d.put("jobName", job.name);
    d.put("jobId", job.id);
    d.put("jobQueue", job.queue.arn());
    d.put("status", job.status.name());
    putIfPresent(d, "statusReason", job.statusReason);
    d.put("createdAt", job.createdAt);
    putIfPresent(d, "startedAt", job.startedAt);
    putIfPresent(d, "stoppedAt", job.stoppedAt);
    d.put("jobDefinition", job.definition.arn());
    ArrayNode deps = d.putArray("dependsOn");
    job.dependsOn.forEach(id -> deps.addObject().put("jobId", id));
    d.set("retryStrategy", job.request.has("retryStrategy") ? job.request.get("retryStrategy") : job.definition.retryStrategy());
    job.timeoutSeconds.ifPresent(t -> d.putObject("timeout").put("attemptDurationSeconds", t));
    ObjectNode tags = d.putObject("tags");
    job.tags.forEach(tags::put);
    d.put("propagateTags", job.request.path("propagateTags").asBoolean(job.definition.propagateTags()));
    d.putArray("platformCapabilities").add("EC2");
    ArrayNode attempts = d.putArray("attempts");
    for (Attempt a : job.attempts) {
      if (a.stoppedAt == 0) {
        continue; // Batch lists an attempt once it has ended
      }
      ObjectNode ad = attempts.addObject();
      ObjectNode c = ad.putObject("container");
      c.put("containerInstanceArn", a.containerInstanceArn);
      c.put("taskArn", a.taskArn);
      putIfPresent(c, "exitCode", a.exitCode);
      putIfPresent(c, "reason", a.reason);
      c.put("logStreamName", a.logStreamName);
      ad.put("startedAt", a.startedAt);
      ad.put("stoppedAt", a.stoppedAt);
      putIfPresent(ad, "statusReason", a.statusReason);
    }
    if (job.isArrayParent()) {
      ObjectNode ap = d.putObject("arrayProperties");
      ap.put("size", job.arraySize);
      Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
      for (JobStatus s : JobStatus.values()) {
        counts.put(s, 0);
      }
      job.children.forEach(c -> counts.merge(c.status, 1, Integer::sum));
      ObjectNode summary = ap.putObject("statusSummary");
      counts.forEach((s, n) -> summary.put(s.name(), n));
    } else {
      if (job.parent != null) {
        d.putObject("arrayProperties").put("index", job.index);
      }
      d.set("container", container(job));
    }
    return d;
  }

  /** The container detail: the definition's properties with the overrides applied, and the last attempt's outcome. */
  private static ObjectNode container(EmulatedJob job) {
    ObjectNode c = ((ObjectNode) job.definition.containerProperties()).deepCopy();
    JsonNode overrides = job.request.path("containerOverrides");
    if (overrides.has("command")) {
      c.set("command", overrides.get("command"));
    }
    ArrayNode env = ApiShape.JSON.createArrayNode();
    Map<String, String> merged = new java.util.LinkedHashMap<>();
    c.path("environment").forEach(kv -> merged.put(kv.path("name").asText(), kv.path("value").asText()));
    overrides.path("environment").forEach(kv -> merged.put(kv.path("name").asText(), kv.path("value").asText()));
    merged.forEach((k, v) -> env.addObject().put("name", k).put("value", v));
    c.set("environment", env);
    ArrayNode resources = c.putArray("resourceRequirements");
    resources.addObject().put("type", "VCPU").put("value", Integer.toString(job.resources.vcpus()));
    resources.addObject().put("type", "MEMORY").put("value", Integer.toString(job.resources.memoryMiB()));
    if (job.resources.gpus() > 0) {
      resources.addObject().put("type", "GPU").put("value", Integer.toString(job.resources.gpus()));
    }
    Attempt a = job.current != null ? job.current : job.lastAttempt().orElse(null);
    if (a != null) {
      c.put("taskArn", a.taskArn);
      c.put("containerInstanceArn", a.containerInstanceArn);
      c.put("logStreamName", a.logStreamName);
      putIfPresent(c, "exitCode", a.exitCode);
      putIfPresent(c, "reason", a.reason);
    }
    return c;
  }

  private static String required(JsonNode request, String field) {
    if (!request.hasNonNull(field) || request.get(field).asText().isEmpty()) {
      throw BatchApiException.client(field + " is required");
    }
    return request.get(field).asText();
  }

  private static JobStatus status(String text) {
    try {
      return JobStatus.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw BatchApiException.client("jobStatus must be one of SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING,"
          + " SUCCEEDED, FAILED, got " + text);
    }
  }

  private static int token(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw BatchApiException.client("nextToken " + text + " is invalid");
    }
  }

  private static void putIfPresent(ObjectNode node, String field, Object value) {
    if (value instanceof String s) {
      node.put(field, s);
    } else if (value instanceof Integer i) {
      node.put(field, i);
    } else if (value instanceof Long l) {
      node.put(field, l);
    }
  }
}
