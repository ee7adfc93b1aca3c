package com.batchtrain.invoke.local;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.TrialId;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The local backend's record of one trial ({@code sweeps/<sweep>/local/<trial>.json}): what Batch
 * keeps for a job, kept in the results store so that status and resume work after the runner ends.
 *
 * @param owner the process that runs or queued it, as {@code pid@startInstant}
 * @param process the trial's own process while it runs, as {@code pid@startInstant}
 * @param exitCodes exit code of each ended attempt, in order
 * @param attempts when each attempt started and stopped, in order (what the sweep's usage is counted from)
 */
public record Execution(
    String trialId,
    Phase phase,
    int attempt,
    String owner,
    String process,
    List<Integer> exitCodes,
    String detail,
    String log,
    String updatedAt,
    List<Attempt> attempts) {

  public enum Phase { QUEUED, RUNNING, ENDED }

  /**
   * One attempt's times (ISO-8601 instants).
   *
   * @param stoppedAt null while it runs, and for an attempt whose runner was killed before it ended
   */
  public record Attempt(int number, String startedAt, String stoppedAt) {}

  public Execution {
    TrialId.of(trialId);
    exitCodes = List.copyOf(exitCodes);
    // Records written before attempts were timed have none.
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    detail = detail == null ? "" : detail;
    log = log == null ? "" : log;
  }

  public static Execution queued(String trialId, String owner, String now) {
    return new Execution(trialId, Phase.QUEUED, 0, owner, "", List.of(), "", "", now, List.of());
  }

  public Execution requeued(String newOwner, String now) {
    return new Execution(trialId, Phase.QUEUED, attempt, newOwner, "", exitCodes, "", log, now, attempts);
  }

  public Execution running(int newAttempt, String newProcess, String newLog, String now) {
    List<Attempt> timed = new ArrayList<>(attempts);
    timed.add(new Attempt(newAttempt, now, null));
    return new Execution(trialId, Phase.RUNNING, newAttempt, owner, newProcess, exitCodes, "", newLog, now, timed);
  }

  public Execution ended(int exitCode, String newDetail, String now) {
    List<Integer> codes = new ArrayList<>(exitCodes);
    codes.add(exitCode);
    List<Attempt> timed = new ArrayList<>(attempts);
    if (!timed.isEmpty() && timed.get(timed.size() - 1).stoppedAt() == null) {
      Attempt last = timed.remove(timed.size() - 1);
      timed.add(new Attempt(last.number(), last.startedAt(), now));
    }
    return new Execution(trialId, Phase.ENDED, attempt, owner, "", codes, newDetail, log, now, timed);
  }

  /** Ended without starting an attempt (cancelled or interrupted while queued). */
  public Execution endedUnstarted(String newDetail, String now) {
    return new Execution(trialId, Phase.ENDED, attempt, owner, "", exitCodes, newDetail, log, now, attempts);
  }

  public byte[] toJson() {
    try {
      return ContractJson.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Execution fromJson(byte[] json) {
    try {
      return ContractJson.mapper().readValue(json, Execution.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable local execution record", e);
    }
  }
}
