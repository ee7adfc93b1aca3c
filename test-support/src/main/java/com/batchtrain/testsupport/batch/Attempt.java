package com.batchtrain.testsupport.batch;

import com.batchtrain.testsupport.container.Cgroup;
import com.batchtrain.testsupport.container.ContainerRun;
import java.nio.file.Path;
import java.util.Optional;

/** One attempt of a job: the container that ran (or tried to) on one instance. Guarded by the job table. */
final class Attempt {
  /** Why the attempt's container stopped. */
  enum Ending {
    /** Its command exited by itself. */
    EXITED,
    /** The attempt duration ran out: Batch stopped it and does not retry. */
    TIMED_OUT,
    /** Its spot instance was reclaimed: the container's exit code is lost with the host. */
    RECLAIMED,
    /** TerminateJob: stopped and not retried. */
    TERMINATED,
    /** The container could not start (e.g. the image cannot be pulled). */
    NOT_STARTED
  }

  final int number;
  final String taskArn;
  final String containerInstanceArn;
  final String instanceId;
  final ComputeEnvironment computeEnvironment;
  final String logStreamName;
  final Path log;
  long startedAt;
  long stoppedAt;
  Integer exitCode;
  String reason;
  String statusReason;
  Ending ending;
  ContainerRun.Running running;
  Cgroup cgroup;
  Path writableLayer;

  Attempt(int number, String taskArn, String containerInstanceArn, String instanceId, ComputeEnvironment ce,
      String logStreamName, Path log) {
    this.number = number;
    this.taskArn = taskArn;
    this.containerInstanceArn = containerInstanceArn;
    this.instanceId = instanceId;
    this.computeEnvironment = ce;
    this.logStreamName = logStreamName;
    this.log = log;
  }

  Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }
}
