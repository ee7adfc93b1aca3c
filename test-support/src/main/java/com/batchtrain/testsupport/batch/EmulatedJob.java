package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A submitted job, an array parent, or an array child, with its state. Mutable, guarded by the
 * {@link JobTable} that owns it.
 */
final class EmulatedJob {
  final String id;
  final String name;
  final String arn;
  final JsonNode request;
  final JobQueue queue;
  final JobDefinition definition;
  final JobResources resources;
  final RetryRules retry;
  final Optional<Integer> timeoutSeconds;
  final List<String> dependsOn;
  final Map<String, String> tags;
  final long createdAt;
  /** The parent of an array child; null otherwise. */
  final EmulatedJob parent;
  /** The index of an array child; -1 otherwise. */
  final int index;
  /** The size of an array parent; 0 otherwise. */
  final int arraySize;
  final List<EmulatedJob> children = new ArrayList<>();
  final List<Attempt> attempts = new ArrayList<>();

  JobStatus status = JobStatus.SUBMITTED;
  String statusReason;
  Long startedAt;
  Long stoppedAt;
  /** The running or starting attempt. */
  Attempt current;
  /** Set by TerminateJob on a job that is starting: the attempt stops as soon as it runs. */
  String terminateReason;

  EmulatedJob(String id, String name, String arn, JsonNode request, SubmitJobValidator.Accepted accepted,
      RetryRules retry, Optional<Integer> timeoutSeconds, List<String> dependsOn, Map<String, String> tags, long createdAt,
      EmulatedJob parent, int index, int arraySize) {
    this.id = id;
    this.name = name;
    this.arn = arn;
    this.request = request;
    this.queue = accepted.queue();
    this.definition = accepted.definition();
    this.resources = accepted.resources();
    this.retry = retry;
    this.timeoutSeconds = timeoutSeconds;
    this.dependsOn = List.copyOf(dependsOn);
    this.tags = Map.copyOf(tags);
    this.createdAt = createdAt;
    this.parent = parent;
    this.index = index;
    this.arraySize = arraySize;
  }

  boolean isArrayParent() {
    return arraySize > 0;
  }

  /** The jobs this one waits for: its own dependencies and, for an array child, its parent's. */
  List<String> waitsFor() {
    return parent == null ? dependsOn : parent.dependsOn;
  }

  Optional<Attempt> lastAttempt() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }
}
