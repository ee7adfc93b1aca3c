package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks Batch applies to a SubmitJob request before it accepts it, as the API reference and
 * its service model (botocore's batch/2016-08-10) document them: required members, the job name,
 * array size, dependencies, retry strategy, timeout, reserved environment names, tags, resource
 * requirements, and that queue and definition exist. One stricter check than Batch: resources no
 * instance type of the queue can hold are refused here, where Batch would leave the job RUNNABLE
 * until the queue's job state time limit cancels it (the emulator's known difference, documented
 * in docs/job-contract.md).
 */
final class SubmitJobValidator {
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final Pattern EXIT_CODE_GLOB = Pattern.compile("[0-9]*\\*?");
  private static final Pattern REASON_GLOB = Pattern.compile("[A-Za-z0-9.:\\s]*\\*?");
  private static final Set<String> RESOURCE_TYPES = Set.of("VCPU", "MEMORY", "GPU");
  private static final int MAX_DEPENDENCIES = 20;
  private static final int MAX_RULES = 5;
  private static final int MAX_GLOB = 512;
  private static final int MIN_ATTEMPT_SECONDS = 60;
  private static final int MIN_MEMORY_MIB = 4;

  private SubmitJobValidator() {}

  /** A validated request: the queue and definition it names, and what it reserves. */
  record Accepted(JobQueue queue, JobDefinition definition, JobResources resources) {}

  static Accepted validate(JsonNode r, BatchResources resources, JobTable jobs) {
    for (String required : List.of("jobName", "jobQueue", "jobDefinition")) {
      if (!r.hasNonNull(required) || r.get(required).asText().isEmpty()) {
        throw BatchApiException.client(required + " is required");
      }
    }
    String name = r.get("jobName").asText();
    if (!JOB_NAME.matcher(name).matches()) {
      throw BatchApiException.client("Job name '" + name + "' is invalid: it can be up to 128 letters long, the first"
          + " character must be alphanumeric, and it can contain letters, numbers, hyphens (-) and underscores (_)");
    }
    JobQueue queue = resources.queue(r.get("jobQueue").asText())
        .orElseThrow(() -> BatchApiException.client("JobQueue " + r.get("jobQueue").asText() + " not found"));
    if (!queue.enabled()) {
      throw BatchApiException.client("JobQueue " + queue.name() + " is DISABLED");
    }
    JobDefinition definition = resources.definition(r.get("jobDefinition").asText())
        .orElseThrow(() -> BatchApiException.client("Job definition " + r.get("jobDefinition").asText() + " not found"));
    if (r.has("arrayProperties") && r.get("arrayProperties").has("size")) {
      int size = r.get("arrayProperties").get("size").asInt();
      if (size < 2 || size > 10_000) {
        throw BatchApiException.client("Array job size must be between 2 and 10,000, got " + size);
      }
    }
    dependencies(r.path("dependsOn"), jobs);
    retryStrategy(r.path("retryStrategy"));
    if (r.path("timeout").has("attemptDurationSeconds") && r.path("timeout").get("attemptDurationSeconds").asInt() < MIN_ATTEMPT_SECONDS) {
      throw BatchApiException.client("timeout.attemptDurationSeconds must be at least " + MIN_ATTEMPT_SECONDS
          + " seconds, got " + r.path("timeout").get("attemptDurationSeconds").asInt());
    }
    JsonNode overrides = r.path("containerOverrides");
    for (JsonNode kv : overrides.path("environment")) {
      String variable = kv.path("name").asText();
      if (variable.isEmpty()) {
        throw BatchApiException.client("containerOverrides.environment: every variable needs a name");
      }
      if (variable.startsWith("AWS_BATCH")) {
        throw BatchApiException.client("containerOverrides.environment: " + variable
            + " is invalid: environment variables cannot start with AWS_BATCH, which Batch reserves");
      }
    }
    for (JsonNode rr : overrides.path("resourceRequirements")) {
      if (!RESOURCE_TYPES.contains(rr.path("type").asText()) || !rr.hasNonNull("value")) {
        throw BatchApiException.client("containerOverrides.resourceRequirements: each needs a type (VCPU, MEMORY, GPU)"
            + " and a value, got " + rr);
      }
    }
    tags(r.path("tags"));
    JobResources reserved = JobResources.of(definition.containerProperties(), overrides);
    if (reserved.vcpus() < 1) {
      throw BatchApiException.client("the job reserves no VCPU: at least 1 vCPU is required on EC2 resources");
    }
    if (reserved.memoryMiB() < MIN_MEMORY_MIB) {
      throw BatchApiException.client("the job reserves " + reserved.memoryMiB() + " MiB of MEMORY: at least "
          + MIN_MEMORY_MIB + " MiB is required");
    }
    fits(reserved, queue, resources);
    return new Accepted(queue, definition, reserved);
  }

  private static void dependencies(JsonNode dependsOn, JobTable jobs) {
    if (dependsOn.size() > MAX_DEPENDENCIES) {
      throw BatchApiException.client("A job can depend on at most " + MAX_DEPENDENCIES + " jobs, got " + dependsOn.size());
    }
    for (JsonNode d : dependsOn) {
      if (d.hasNonNull("type")) {
        throw BatchApiException.client("dependency type " + d.get("type").asText()
            + " (N_TO_N, SEQUENTIAL) is not implemented by the Batch emulator");
      }
      String id = d.path("jobId").asText();
      if (jobs.find(id).isEmpty()) {
        throw BatchApiException.client("Dependent job " + id + " not found");
      }
    }
  }

  static void retryStrategy(JsonNode strategy) {
    if (strategy.isMissingNode()) {
      return;
    }
    if (strategy.has("evaluateOnExit") && !strategy.has("attempts")) {
      throw BatchApiException.client("retryStrategy.attempts must be specified when evaluateOnExit is");
    }
    if (strategy.has("attempts")) {
      int attempts = strategy.get("attempts").asInt();
      if (attempts < 1 || attempts > 10) {
        throw BatchApiException.client("retryStrategy.attempts must be between 1 and 10, got " + attempts);
      }
    }
    JsonNode rules = strategy.path("evaluateOnExit");
    if (rules.size() > MAX_RULES) {
      throw BatchApiException.client("retryStrategy.evaluateOnExit takes up to " + MAX_RULES + " conditions, got " + rules.size());
    }
    for (JsonNode rule : rules) {
      String action = rule.path("action").asText();
      if (!action.equalsIgnoreCase("RETRY") && !action.equalsIgnoreCase("EXIT")) {
        throw BatchApiException.client("retryStrategy.evaluateOnExit: action must be RETRY or EXIT, got '" + action + "'");
      }
      glob(rule, "onExitCode", EXIT_CODE_GLOB);
      glob(rule, "onStatusReason", REASON_GLOB);
      glob(rule, "onReason", REASON_GLOB);
    }
  }

  private static void glob(JsonNode rule, String field, Pattern allowed) {
    if (!rule.has(field)) {
      return;
    }
    String g = rule.get(field).asText();
    if (g.length() > MAX_GLOB || !allowed.matcher(g).matches()) {
      throw BatchApiException.client("retryStrategy.evaluateOnExit." + field + " '" + g + "' is invalid: up to "
          + MAX_GLOB + " characters of " + (field.equals("onExitCode") ? "digits" : "letters, numbers, periods, colons and white space")
          + ", optionally ending with *");
    }
  }

  static void tags(JsonNode tags) {
    if (tags.size() > 50) {
      throw BatchApiException.client("a job takes at most 50 tags, got " + tags.size());
    }
    tags.fields().forEachRemaining(t -> {
      if (t.getKey().isEmpty() || t.getKey().length() > 128 || t.getValue().asText().length() > 256
          || t.getKey().startsWith("aws:")) {
        throw BatchApiException.client("tag '" + t.getKey() + "' is invalid: keys 1 to 128 characters, not starting"
            + " with aws:, values up to 256");
      }
    });
  }

  private static void fits(JobResources job, JobQueue queue, BatchResources resources) {
    StringBuilder offered = new StringBuilder();
    for (String arn : queue.computeEnvironmentArns()) {
      ComputeEnvironment ce = resources.environment(arn);
      boolean fits = job.vcpus() <= ce.maxvCpus() && InstanceTypes.table().expand(ce.instanceTypes()).stream()
          .anyMatch(c -> c.holds(job.vcpus(), job.memoryMiB(), job.gpus()));
      if (fits) {
        return;
      }
      offered.append(offered.length() == 0 ? "" : ", ").append(ce.name()).append(' ').append(ce.instanceTypes())
          .append(" maxvCpus ").append(ce.maxvCpus());
    }
    throw BatchApiException.client("the job's resources (" + job.vcpus() + " vCPU, " + job.memoryMiB() + " MiB, "
        + job.gpus() + " GPU) fit no instance type of job queue " + queue.name() + "'s compute environments ("
        + offered + "): Batch would keep it RUNNABLE until the queue cancels it");
  }
}
