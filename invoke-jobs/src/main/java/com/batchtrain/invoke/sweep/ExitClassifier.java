package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.FailureRecord;
import java.util.Optional;

/**
 * Decides whether a trial that ended without a manifest is worth re-running, from its exit code
 * and the reason the scheduler gave. Both backends classify through here, so {@code resume} means
 * the same thing on Batch and on this machine: it mirrors the job definitions' retry strategy
 * (docs/job-contract.md) and adds "killed" and "never ran", which a re-run can also fix.
 *
 * <p>The reason a job recorded itself ({@link FailureRecord}, read from the results store) is added
 * by {@link #explain}: it never changes a state, only says why.
 */
public final class ExitClassifier {
  /** What ECS says of any container that exited on its own: nothing the exit code does not say. */
  public static final String CONTAINER_EXITED = "Essential container in task exited";

  private ExitClassifier() {}

  /** The state and reason of an ended attempt; {@code exitCode} is empty when no container ever exited. */
  public static TrialStatusPart classify(Optional<Integer> exitCode, String statusReason) {
    return classify(exitCode, statusReason, Optional.empty());
  }

  /** As {@link #classify(Optional, String)}, the attempt's recorded reason added after the scheduler's. */
  static TrialStatusPart classify(Optional<Integer> exitCode, String statusReason, Optional<String> recorded) {
    String reason = statusReason == null ? "" : statusReason;
    Ending ending = new Ending(exitCode, reason, false);
    String spotPrefix = ExitCode.SPOT_RECLAIM_STATUS_REASON.replace("*", "");
    if (reason.startsWith(spotPrefix)) {
      return new TrialStatusPart(TrialState.STOPPED, "host reclaimed: " + reason, Optional.of(ending));
    }
    if (exitCode.isEmpty()) {
      return new TrialStatusPart(TrialState.STOPPED, reason.isEmpty() ? "never ran" : "never ran: " + reason, Optional.of(ending));
    }
    int code = exitCode.get();
    String why = reasons(reason, recorded);
    Optional<ExitCode> known = ExitCode.fromCode(code);
    if (known.isPresent()) {
      ExitCode c = known.get();
      if (c == ExitCode.SUCCESS) {
        return new TrialStatusPart(TrialState.FAILED, "exit 0 without a manifest", Optional.of(ending));
      }
      return new TrialStatusPart(c.retryable() ? TrialState.STOPPED : TrialState.FAILED,
          describe(code) + (why.isEmpty() ? "" : ": " + why), Optional.of(ending));
    }
    if (code > 128) {
      // 128+n: killed by signal n (SIGKILL from the OOM killer or a timeout, SIGTERM from a cancel).
      return new TrialStatusPart(TrialState.STOPPED, describe(code) + (why.isEmpty() ? "" : ": " + why), Optional.of(ending));
    }
    return new TrialStatusPart(TrialState.FAILED, describe(code) + (why.isEmpty() ? "" : ": " + why), Optional.of(ending));
  }

  /**
   * {@code exit 65 (bad_data)}, {@code killed by signal 9}, {@code exit 1 (failed)} (a command trainer's
   * own failure, its reason in the record), {@code exit 3}.
   */
  public static String describe(int exitCode) {
    Optional<ExitCode> known = ExitCode.fromCode(exitCode);
    if (known.isPresent()) {
      return "exit " + exitCode + " (" + known.get().name().toLowerCase() + ")";
    }
    return exitCode > 128 ? "killed by signal " + (exitCode - 128) : "exit " + exitCode;
  }

  /**
   * {@code part} with the reason the job recorded: the trial's latest record when it is the record
   * of the attempt the backend reports (same exit code), or, for a trial that never ran because the
   * sweep's staging job failed, that job's latest record. Anything else is returned as it is.
   */
  public static TrialStatusPart explain(TrialStatusPart part, Optional<FailureRecord> trialRecord,
      Optional<FailureRecord> stageRecord) {
    if (part.ending().isEmpty()) {
      return part;
    }
    Ending e = part.ending().get();
    if (e.afterFailedStaging() && stageRecord.isPresent()) {
      FailureRecord s = stageRecord.get();
      String what = s.exitClass() == FailureRecord.FailureClass.BAD_DATA || s.exitClass() == FailureRecord.FailureClass.BAD_INPUT
          ? "dataset check failed" : "dataset staging failed";
      return new TrialStatusPart(part.state(), "never ran: " + what + ": " + describe(s.exitCode()) + ": " + s.reason()
          + " (staging job, attempt " + s.attempt() + ")", part.ending());
    }
    if (trialRecord.isPresent() && e.exitCode().isPresent() && e.exitCode().get() == trialRecord.get().exitCode()) {
      FailureRecord r = trialRecord.get();
      TrialStatusPart p = classify(e.exitCode(), e.statusReason(), Optional.of(r.reason()));
      return new TrialStatusPart(p.state(), p.detail() + " (attempt " + r.attempt() + ")", part.ending());
    }
    return part;
  }

  /** The scheduler's reason and the recorded one, without saying the same thing twice. */
  static String reasons(String scheduler, Optional<String> recorded) {
    String s = scheduler == null ? "" : scheduler.strip();
    if (recorded.isEmpty() || recorded.get().isBlank()) {
      return s;
    }
    String r = recorded.get().strip();
    if (s.isEmpty() || s.equals(CONTAINER_EXITED) || r.contains(s)) {
      return r;
    }
    if (s.contains(r)) {
      return s;
    }
    return s + "; " + r;
  }

  /**
   * State plus reason, before progress is known; {@code ending} is how an ended attempt ended, as
   * the backend saw it (empty for queued, running and succeeded trials).
   */
  public record TrialStatusPart(TrialState state, String detail, Optional<Ending> ending) {
    public TrialStatusPart {
      ending = ending == null ? Optional.empty() : ending;
    }

    public TrialStatusPart(TrialState state, String detail) {
      this(state, detail, Optional.empty());
    }

    /** The same part with another detail (a suffix the backend adds), how it ended kept. */
    public TrialStatusPart withDetail(String newDetail) {
      return new TrialStatusPart(state, newDetail, ending);
    }

    /** The same part, marked as never run because the sweep's dataset staging job failed. */
    public TrialStatusPart afterFailedStaging() {
      return new TrialStatusPart(state, detail, ending.map(e -> new Ending(e.exitCode(), e.statusReason(), true)));
    }
  }

  /**
   * How an attempt ended, as the backend saw it: what {@link #explain} needs to add a recorded reason.
   *
   * @param exitCode the container's exit code; empty when none ever exited
   * @param statusReason the scheduler's reason (Batch's {@code statusReason}, the local runner's detail)
   * @param afterFailedStaging the trial never ran because the sweep's dataset staging job failed
   */
  public record Ending(Optional<Integer> exitCode, String statusReason, boolean afterFailedStaging) {
    public Ending {
      exitCode = exitCode == null ? Optional.empty() : exitCode;
      statusReason = statusReason == null ? "" : statusReason;
    }
  }
}
