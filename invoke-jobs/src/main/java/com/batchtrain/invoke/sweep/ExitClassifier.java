package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.ExitCode;
import java.util.Optional;

/**
 * Decides whether a trial that ended without a manifest is worth re-running, from its exit code
 * and the reason the scheduler gave. Both backends classify through here, so {@code resume} means
 * the same thing on Batch and on this machine: it mirrors the job definitions' retry strategy
 * (docs/job-contract.md) and adds "killed" and "never ran", which a re-run can also fix.
 */
public final class ExitClassifier {
  private ExitClassifier() {}

  /** The state and reason of an ended attempt; {@code exitCode} is empty when no container ever exited. */
  public static TrialStatusPart classify(Optional<Integer> exitCode, String statusReason) {
    String reason = statusReason == null ? "" : statusReason;
    String spotPrefix = ExitCode.SPOT_RECLAIM_STATUS_REASON.replace("*", "");
    if (reason.startsWith(spotPrefix)) {
      return new TrialStatusPart(TrialState.STOPPED, "host reclaimed: " + reason);
    }
    if (exitCode.isEmpty()) {
      return new TrialStatusPart(TrialState.STOPPED, reason.isEmpty() ? "never ran" : "never ran: " + reason);
    }
    int code = exitCode.get();
    Optional<ExitCode> known = ExitCode.fromCode(code);
    if (known.isPresent()) {
      ExitCode c = known.get();
      String name = "exit " + code + " (" + c.name().toLowerCase() + ")" + (reason.isEmpty() ? "" : ": " + reason);
      if (c == ExitCode.SUCCESS) {
        return new TrialStatusPart(TrialState.FAILED, "exit 0 without a manifest");
      }
      return new TrialStatusPart(c.retryable() ? TrialState.STOPPED : TrialState.FAILED, name);
    }
    if (code > 128) {
      // 128+n: killed by signal n (SIGKILL from the OOM killer or a timeout, SIGTERM from a cancel).
      return new TrialStatusPart(TrialState.STOPPED, "killed by signal " + (code - 128) + (reason.isEmpty() ? "" : ": " + reason));
    }
    return new TrialStatusPart(TrialState.FAILED, "exit " + code + (reason.isEmpty() ? "" : ": " + reason));
  }

  /** State plus reason, before progress is known. */
  public record TrialStatusPart(TrialState state, String detail) {}
}
