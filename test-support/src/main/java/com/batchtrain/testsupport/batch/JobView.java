package com.batchtrain.testsupport.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one job as the emulated account holds it, for tests: what DescribeJobs shows, plus
 * each attempt's container log and environment.
 */
public record JobView(String id, String name, JobStatus status, Optional<String> statusReason, String queue,
    String jobDefinition, int arrayIndex, List<String> children, List<AttemptView> attempts, Map<String, String> tags) {

  /** One attempt: where it ran and how it ended. */
  public record AttemptView(int number, String computeEnvironment, String instanceId, Optional<Integer> exitCode,
      Optional<String> reason, Optional<String> statusReason, long startedAt, long stoppedAt, Path log) {

    /** The container's output (stdout and stderr), as CloudWatch Logs would hold it. */
    public String output() {
      try {
        return Files.exists(log) ? Files.readString(log) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static JobView of(EmulatedJob job) {
    return new JobView(job.id, job.name, job.status, Optional.ofNullable(job.statusReason), job.queue.name(),
        job.definition.arn(), job.index, job.children.stream().map(c -> c.id).toList(),
        job.attempts.stream().map(a -> new AttemptView(a.number, a.computeEnvironment.name(), a.instanceId,
            Optional.ofNullable(a.exitCode), Optional.ofNullable(a.reason), Optional.ofNullable(a.statusReason),
            a.startedAt, a.stoppedAt, a.log)).toList(),
        job.tags);
  }

  /** Every attempt's output, in order, for failure messages. */
  public String outputs() {
    StringBuilder sb = new StringBuilder();
    for (AttemptView a : attempts) {
      sb.append("--- ").append(id).append(" attempt ").append(a.number()).append(" (").append(a.statusReason().orElse(""))
          .append(", exit ").append(a.exitCode().map(String::valueOf).orElse("none")).append(")\n").append(a.output());
    }
    return sb.toString();
  }
}
