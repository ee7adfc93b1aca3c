package com.batchtrain.invoke.aws;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.Vcpus;
import com.batchtrain.invoke.sweep.ContractEnvironment;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.ContainerOverrides;
import software.amazon.awssdk.services.batch.model.EvaluateOnExit;
import software.amazon.awssdk.services.batch.model.JobDependency;
import software.amazon.awssdk.services.batch.model.JobTimeout;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.batch.model.RetryAction;
import software.amazon.awssdk.services.batch.model.RetryStrategy;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/** Builds the SubmitJob requests of a sweep from its record: one array job, or one plain job per trial. */
public final class JobRequests {
  public static final String SWEEP_TAG = com.batchtrain.contract.JobTags.SWEEP;

  private JobRequests() {}

  /** All trials of the sweep: an array job of size N, or a plain job when N is 1 (Batch arrays need 2+). */
  public static SubmitJobRequest wholeSweep(SweepRecord record, ResultsLayout layout) {
    if (record.trialCount() == 1) {
      return singleTrial(record, layout, 0);
    }
    return base(record, layout, record.sweepId(), Map.of())
        .arrayProperties(ArrayProperties.builder().size(record.trialCount()).build())
        .build();
  }

  /** One trial as a plain job: the runtime picks it by {@code BT_TRIAL_INDEX}. */
  public static SubmitJobRequest singleTrial(SweepRecord record, ResultsLayout layout, int index) {
    return base(record, layout, record.sweepId() + "-" + TrialId.ofIndex(index),
        Map.of(JobEnv.TRIAL_INDEX, Integer.toString(index))).build();
  }

  private static SubmitJobRequest.Builder base(SweepRecord record, ResultsLayout layout, String jobName, Map<String, String> extraEnv) {
    List<KeyValuePair> env = new ArrayList<>();
    ContractEnvironment.forSweep(record.id(), layout).forEach((k, v) -> env.add(KeyValuePair.builder().name(k).value(v).build()));
    extraEnv.forEach((k, v) -> env.add(KeyValuePair.builder().name(k).value(v).build()));
    // One value for both: Batch reserves these vCPUs, and the runtime sizes TF's thread pools to
    // them (ECS gives the container CPU shares, not a limit, so it would otherwise see every core).
    Vcpus vcpus = new Vcpus(record.resources().vcpus());
    env.add(KeyValuePair.builder().name(JobEnv.VCPUS).value(vcpus.toString()).build());
    List<ResourceRequirement> resources = new ArrayList<>();
    resources.add(requirement(ResourceType.VCPU, vcpus.count()));
    resources.add(requirement(ResourceType.MEMORY, record.resources().memoryMib()));
    if (record.resources().gpus() > 0) {
      resources.add(requirement(ResourceType.GPU, record.resources().gpus()));
    }
    return SubmitJobRequest.builder()
        .jobName(jobName)
        .jobQueue(record.jobQueue())
        .jobDefinition(record.jobDefinition())
        .containerOverrides(ContainerOverrides.builder().environment(env).resourceRequirements(resources).build())
        .retryStrategy(retryStrategy(record.attempts()))
        .timeout(JobTimeout.builder().attemptDurationSeconds((int) record.timeoutSeconds()).build())
        .tags(Map.of(SWEEP_TAG, record.sweepId()))
        .propagateTags(true);
  }

  /**
   * The dataset staging job: the stage job definition (the only one that mounts the EFS cache
   * read-write) on the CPU queue, whatever queue the trials use: staging copies files and needs no
   * GPU. Its resources and timeout are the job definition's.
   */
  public static SubmitJobRequest stage(SweepRecord record, ResultsLayout layout, String stageJobDefinition,
      String cpuQueue) {
    List<KeyValuePair> env = List.of(
        KeyValuePair.builder().name(JobEnv.DATA_URI).value(record.dataUri()).build(),
        // Also set by the job definition; named here so the request alone says where the cache is.
        KeyValuePair.builder().name(JobEnv.CACHE_DIR).value(EfsLayout.STATIC_MOUNT).build(),
        // The sweep it stages for: the model declaration it checks the data against (the trials
        // file) and where it records why it failed.
        KeyValuePair.builder().name(JobEnv.SWEEP_ID).value(record.sweepId()).build(),
        KeyValuePair.builder().name(JobEnv.TRIALS_URI).value(layout.trialsFile(record.id()).toString()).build());
    return SubmitJobRequest.builder()
        .jobName(record.sweepId() + "-stage")
        .jobQueue(cpuQueue)
        .jobDefinition(stageJobDefinition)
        .containerOverrides(ContainerOverrides.builder().environment(env).build())
        // Exit 75 (store unreachable, cache busy) is worth a retry for staging just as for a trial.
        .retryStrategy(retryStrategy(record.attempts()))
        .tags(Map.of(SWEEP_TAG, record.sweepId()))
        .propagateTags(true)
        .build();
  }

  /**
   * The sweep's driver as a Batch job ({@code <sweep>-driver}): the stack's driver job definition
   * (command {@code drive}, the results bucket, its own role; its retries and timeout are the
   * definition's), on the on-demand CPU queue whatever queue the trials use: a driver needs no GPU,
   * and a spot reclaim of it would only cost a restart from the journal.
   */
  public static SubmitJobRequest driver(SweepRecord record, String driverJobDefinition, String cpuQueue) {
    return SubmitJobRequest.builder()
        .jobName(record.sweepId() + DRIVER_JOB_SUFFIX)
        .jobQueue(cpuQueue)
        .jobDefinition(driverJobDefinition)
        .parameters(Map.of(com.batchtrain.contract.StackOutputs.DRIVER_SWEEP_PARAMETER, record.sweepId()))
        .tags(Map.of(SWEEP_TAG, record.sweepId()))
        .propagateTags(true)
        .build();
  }

  /** The driver job's name after the sweep id: no trial's ({@code -tNNNN}), so reconciliation never takes it for one. */
  public static final String DRIVER_JOB_SUFFIX = "-driver";

  /** {@code request} held back until job {@code jobId} has succeeded (Batch fails it if that job fails). */
  public static SubmitJobRequest after(SubmitJobRequest request, String jobId) {
    return request.toBuilder().dependsOn(JobDependency.builder().jobId(jobId).build()).build();
  }

  /** The contract's retry rule (docs/job-contract.md), in its order: spot reclaim and exit 75 retry, anything else ends. */
  static RetryStrategy retryStrategy(int attempts) {
    return RetryStrategy.builder()
        .attempts(attempts)
        .evaluateOnExit(
            EvaluateOnExit.builder().onStatusReason(ExitCode.SPOT_RECLAIM_STATUS_REASON).action(RetryAction.RETRY).build(),
            EvaluateOnExit.builder().onExitCode(Integer.toString(ExitCode.TRANSIENT.code())).action(RetryAction.RETRY).build(),
            EvaluateOnExit.builder().onReason("*").action(RetryAction.EXIT).build())
        .build();
  }

  private static ResourceRequirement requirement(ResourceType type, int value) {
    return ResourceRequirement.builder().type(type).value(Integer.toString(value)).build();
  }
}
