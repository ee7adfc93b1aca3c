package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.spec.Resources;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sweeps/<sweep>/sweep.json}: what was asked (the spec, verbatim) and what was done
 * (backend, Batch jobs). {@code stageJobId} is the Batch job that staged an {@code s3://} dataset into
 * the EFS cache before the trials (aws only; null when nothing was staged). {@code status}, {@code results}, {@code cancel} and {@code resume} start
 * from it, so they work from any machine that can read the results store.
 *
 * <p>{@code preset} is the model's name as tables show it: a preset, {@code custom-classifier}, or a
 * command trainer's {@code command: python3 train.py}. {@code commandDir} is, for a command trainer's
 * sweep on the local backend only, the absolute directory of the spec file: the command's working
 * directory ({@code BT_COMMAND_DIR}), kept here so that {@code resume} runs it there too. Null
 * otherwise, and then left out of the JSON. {@code driverJobId} is the Batch job that drives a driven
 * sweep when its driver runs on Batch ({@code sweep --driver batch}); null otherwise.
 */
public record SweepRecord(
    String sweepId,
    String name,
    Backend backend,
    String createdAt,
    String resultsUri,
    String preset,
    String dataUri,
    Objective objective,
    int trialCount,
    List<String> parameters,
    int attempts,
    long timeoutSeconds,
    int maxParallel,
    String queue,
    Resources resources,
    String jobQueue,
    String jobDefinition,
    List<Submission> submissions,
    String spec,
    String stageJobId,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    String commandDir,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    String driverJobId) {

  /** Where the trials of a sweep run. */
  public enum Backend {
    AWS, LOCAL;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
      return name().toLowerCase();
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Backend parse(String text) {
      for (Backend b : values()) {
        if (b.id().equals(text)) {
          return b;
        }
      }
      throw new InvalidValueException("backend", "aws or local", text);
    }
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public SweepRecord {
    SweepId.of(sweepId);
    parameters = List.copyOf(parameters);
    submissions = submissions == null ? List.of() : List.copyOf(submissions);
  }

  /** A record without a command directory (every sweep but a local command trainer's). */
  public SweepRecord(String sweepId, String name, Backend backend, String createdAt, String resultsUri, String preset,
      String dataUri, Objective objective, int trialCount, List<String> parameters, int attempts, long timeoutSeconds,
      int maxParallel, String queue, Resources resources, String jobQueue, String jobDefinition, List<Submission> submissions,
      String spec, String stageJobId) {
    this(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount, parameters, attempts,
        timeoutSeconds, maxParallel, queue, resources, jobQueue, jobDefinition, submissions, spec, stageJobId, null, null);
  }

  public SweepId id() {
    return SweepId.of(sweepId);
  }

  public SweepRecord withSubmissions(List<Submission> more) {
    List<Submission> all = new ArrayList<>(submissions);
    all.addAll(more);
    return new SweepRecord(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount,
        parameters, attempts, timeoutSeconds, maxParallel, queue, resources, jobQueue, jobDefinition, all, spec,
        stageJobId, commandDir, driverJobId);
  }

  /** This record with exactly {@code all} as its submissions (a driver's, derived from its journal). */
  public SweepRecord withOnlySubmissions(List<Submission> all) {
    return new SweepRecord(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount,
        parameters, attempts, timeoutSeconds, maxParallel, queue, resources, jobQueue, jobDefinition, all, spec,
        stageJobId, commandDir, driverJobId);
  }

  public SweepRecord withStageJobId(String jobId) {
    return new SweepRecord(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount,
        parameters, attempts, timeoutSeconds, maxParallel, queue, resources, jobQueue, jobDefinition, submissions, spec,
        jobId, commandDir, driverJobId);
  }

  /** This record with {@code definition} as the trials' job definition (aws: the copy registered for the sweep's image). */
  public SweepRecord withJobDefinition(String definition) {
    return new SweepRecord(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount,
        parameters, attempts, timeoutSeconds, maxParallel, queue, resources, jobQueue, definition, submissions, spec,
        stageJobId, commandDir, driverJobId);
  }

  /** This record with at most {@code slots} trials in flight (a driver on this machine, capped by {@code --parallel}). */
  public SweepRecord withMaxParallel(int slots) {
    return new SweepRecord(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount,
        parameters, attempts, timeoutSeconds, slots, queue, resources, jobQueue, jobDefinition, submissions, spec,
        stageJobId, commandDir, driverJobId);
  }

  /** This record with {@code dir} as the command trainer's working directory (local backend). */
  public SweepRecord withCommandDir(String dir) {
    return new SweepRecord(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount,
        parameters, attempts, timeoutSeconds, maxParallel, queue, resources, jobQueue, jobDefinition, submissions, spec,
        stageJobId, dir, driverJobId);
  }

  /**
   * The record of a probe of this sweep ({@code sweep --probe}): one trial under id {@code probe}, one
   * attempt (a probe is stopped, never retried), nothing submitted yet; the same model, data, queue and
   * resources, so that later estimates find its epoch times as this sweep's.
   */
  public SweepRecord forProbe(SweepId probe, String now) {
    return new SweepRecord(probe.value(), name, backend, now, resultsUri, preset, dataUri, objective, 1, parameters, 1,
        timeoutSeconds, 1, queue, resources, jobQueue, jobDefinition, List.of(), spec, null, commandDir, null);
  }

  /** This record with {@code jobId} as the Batch job that drives the sweep. */
  public SweepRecord withDriverJobId(String jobId) {
    return new SweepRecord(sweepId, name, backend, createdAt, resultsUri, preset, dataUri, objective, trialCount,
        parameters, attempts, timeoutSeconds, maxParallel, queue, resources, jobQueue, jobDefinition, submissions, spec,
        stageJobId, commandDir, jobId);
  }

  /** The newest submission that ran trial {@code index}, if any. */
  public java.util.Optional<Submission> latestFor(int index) {
    for (int i = submissions.size() - 1; i >= 0; i--) {
      if (submissions.get(i).covers(index)) {
        return java.util.Optional.of(submissions.get(i));
      }
    }
    return java.util.Optional.empty();
  }

  public byte[] toJson() {
    try {
      return ContractJson.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SweepRecord fromJson(byte[] json) {
    try {
      return ContractJson.mapper().readValue(json, SweepRecord.class);
    } catch (IOException e) {
      if (e.getCause() instanceof InvalidValueException ive) {
        throw ive;
      }
      throw new InvalidValueException("sweep record", "valid sweep.json (" + e.getMessage() + ")", "unparseable document");
    }
  }
}
