package com.batchtrain.invoke.aws;

import com.batchtrain.contract.ContractJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;
import software.amazon.awssdk.services.batch.model.EvaluateOnExit;
import software.amazon.awssdk.services.batch.model.JobDependency;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * A SubmitJob request in the Batch API's JSON shape (what `aws batch submit-job --cli-input-json`
 * takes), for {@code sweep --dry-run}. Covers every field {@link JobRequests} sets.
 */
public final class SubmitJobJson {
  private SubmitJobJson() {}

  public static String render(SubmitJobRequest r) {
    ObjectNode root = ContractJson.mapper().createObjectNode();
    root.put("jobName", r.jobName());
    root.put("jobQueue", r.jobQueue());
    root.put("jobDefinition", r.jobDefinition());
    if (r.arrayProperties() != null) {
      root.putObject("arrayProperties").put("size", r.arrayProperties().size());
    }
    if (r.hasParameters()) {
      ObjectNode parameters = root.putObject("parameters");
      new TreeMap<>(r.parameters()).forEach(parameters::put);
    }
    // The driver's request overrides nothing: its definition says it all.
    if (r.containerOverrides() != null) {
      ObjectNode overrides = root.putObject("containerOverrides");
      ArrayNode env = overrides.putArray("environment");
      for (KeyValuePair kv : r.containerOverrides().environment()) {
        env.addObject().put("name", kv.name()).put("value", kv.value());
      }
      resources(r, overrides);
    }
    if (r.hasDependsOn()) {
      ArrayNode dependsOn = root.putArray("dependsOn");
      for (JobDependency d : r.dependsOn()) {
        dependsOn.addObject().put("jobId", d.jobId());
      }
    }
    if (r.retryStrategy() != null) {
      retry(r, root);
    }
    if (r.timeout() != null) {
      root.putObject("timeout").put("attemptDurationSeconds", r.timeout().attemptDurationSeconds());
    }
    ObjectNode tags = root.putObject("tags");
    new TreeMap<>(r.tags()).forEach(tags::put);
    root.put("propagateTags", r.propagateTags());
    try {
      return ContractJson.mapper().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A staging or driver request keeps the job definition's resources and timeout: it sets neither. */
  private static void resources(SubmitJobRequest r, ObjectNode overrides) {
    if (r.containerOverrides().hasResourceRequirements()) {
      ArrayNode resources = overrides.putArray("resourceRequirements");
      for (ResourceRequirement rr : r.containerOverrides().resourceRequirements()) {
        resources.addObject().put("type", rr.typeAsString()).put("value", rr.value());
      }
    }
  }

  private static void retry(SubmitJobRequest r, ObjectNode root) {
    ObjectNode retry = root.putObject("retryStrategy");
    retry.put("attempts", r.retryStrategy().attempts());
    ArrayNode rules = retry.putArray("evaluateOnExit");
    for (EvaluateOnExit e : r.retryStrategy().evaluateOnExit()) {
      ObjectNode rule = rules.addObject();
      if (e.onStatusReason() != null) {
        rule.put("onStatusReason", e.onStatusReason());
      }
      if (e.onExitCode() != null) {
        rule.put("onExitCode", e.onExitCode());
      }
      if (e.onReason() != null) {
        rule.put("onReason", e.onReason());
      }
      rule.put("action", e.actionAsString());
    }
  }
}
