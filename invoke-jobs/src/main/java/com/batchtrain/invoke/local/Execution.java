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
    String updatedAt) {

  public enum Phase { QUEUED, RUNNING, ENDED }

  public Execution {
    TrialId.of(trialId);
    exitCodes = List.copyOf(exitCodes);
    detail = detail == null ? "" : detail;
    log = log == null ? "" : log;
  }

  public static Execution queued(String trialId, String owner, String now) {
    return new Execution(trialId, Phase.QUEUED, 0, owner, "", List.of(), "", "", now);
  }

  public Execution requeued(String newOwner, String now) {
    return new Execution(trialId, Phase.QUEUED, attempt, newOwner, "", exitCodes, "", log, now);
  }

  public Execution running(int newAttempt, String newProcess, String newLog, String now) {
    return new Execution(trialId, Phase.RUNNING, newAttempt, owner, newProcess, exitCodes, "", newLog, now);
  }

  public Execution ended(int exitCode, String newDetail, String now) {
    List<Integer> codes = new ArrayList<>(exitCodes);
    codes.add(exitCode);
    return new Execution(trialId, Phase.ENDED, attempt, owner, "", codes, newDetail, log, now);
  }

  /** Ended without starting an attempt (cancelled or interrupted while queued). */
  public Execution endedUnstarted(String newDetail, String now) {
    return new Execution(trialId, Phase.ENDED, attempt, owner, "", exitCodes, newDetail, log, now);
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
