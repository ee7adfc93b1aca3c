package com.batchtrain.invoke.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExitClassifierTest {
  private static final Instant T = Instant.parse("2026-12-02T01:00:00Z");

  private static Map.Entry<TrialState, String> classify(Integer code, String reason) {
    ExitClassifier.TrialStatusPart p = ExitClassifier.classify(Optional.ofNullable(code), reason);
    return Map.entry(p.state(), p.detail());
  }

  private static Map.Entry<TrialState, String> of(TrialState state, String detail) {
    return Map.entry(state, detail);
  }

  private static FailureRecord record(int code, int attempt, String reason) {
    return FailureRecord.of(SweepId.of("s"), Optional.of(TrialId.ofIndex(0)), attempt, code, reason, T,
        FailureRecord.Writer.JOB_RUNTIME);
  }

  @Test
  void onlyWhatARerunCanFixIsStopped() {
    assertEquals(of(TrialState.STOPPED, "exit 75 (transient)"), classify(75, null));
    assertEquals(TrialState.STOPPED, classify(null, "Host EC2 (instance i-1) terminated.").getKey());
    assertEquals(TrialState.STOPPED, classify(137, "Job attempt duration exceeded timeout").getKey());
    assertEquals(of(TrialState.STOPPED, "never ran"), classify(null, ""));
    assertEquals(of(TrialState.FAILED, "exit 64 (bad_input)"), classify(64, null));
    assertEquals(TrialState.FAILED, classify(65, null).getKey());
    assertEquals(TrialState.FAILED, classify(70, null).getKey());
    assertEquals(of(TrialState.FAILED, "exit 1 (failed): boom"), classify(1, "boom"));
    assertEquals(of(TrialState.FAILED, "exit 3: boom"), classify(3, "boom"));
    assertEquals(of(TrialState.FAILED, "exit 0 without a manifest"), classify(0, null));
  }

  @Test
  void aRecordedReasonExplainsTheAttemptItBelongsTo() {
    ExitClassifier.TrialStatusPart batch = ExitClassifier.classify(Optional.of(65), ExitClassifier.CONTAINER_EXITED);
    ExitClassifier.TrialStatusPart explained = ExitClassifier.explain(batch,
        Optional.of(record(65, 2, "data.csv:8: column 'x' missing")), Optional.empty());
    assertEquals(TrialState.FAILED, explained.state(), "a reason never changes the state");
    assertEquals("exit 65 (bad_data): data.csv:8: column 'x' missing (attempt 2)", explained.detail(),
        "ECS's generic reason gives way to the recorded one");

    ExitClassifier.TrialStatusPart timeout = ExitClassifier.classify(Optional.of(75), "Job attempt duration exceeded timeout");
    assertEquals("exit 75 (transient): Job attempt duration exceeded timeout; stopped by SIGTERM after a final checkpoint (attempt 1)",
        ExitClassifier.explain(timeout, Optional.of(record(75, 1, "stopped by SIGTERM after a final checkpoint")), Optional.empty())
            .detail(), "the scheduler's own reason is kept next to the job's");

    ExitClassifier.TrialStatusPart cancelled = ExitClassifier.classify(Optional.of(143), "cancelled");
    assertEquals("killed by signal 15: cancelled (SIGTERM from invoke-jobs) (attempt 1)", ExitClassifier.explain(cancelled,
        Optional.of(record(143, 1, "cancelled (SIGTERM from invoke-jobs)")), Optional.empty()).detail(), "said once");

    // A record of another attempt (another exit code: e.g. an OOM kill that left none) is not shown.
    ExitClassifier.TrialStatusPart oom = ExitClassifier.classify(Optional.of(137), "OutOfMemoryError: Container killed due to memory usage");
    assertEquals(oom, ExitClassifier.explain(oom, Optional.of(record(75, 1, "cannot reach s3://b/")), Optional.empty()));
    ExitClassifier.TrialStatusPart running = new ExitClassifier.TrialStatusPart(TrialState.RUNNING, "running");
    assertEquals(running, ExitClassifier.explain(running, Optional.of(record(75, 1, "x")), Optional.empty()));
  }

  /**
   * A command trainer that failed on its own (exit 1 from the harness: the command exited 3, or never
   * reported the objective) is a permanent failure: not retried, not re-run by resume, shown with
   * the reason the harness recorded.
   */
  @Test
  void aCommandTrainersFailureIsPermanentAndShowsTheRecordedReason() {
    ExitClassifier.TrialStatusPart batch = ExitClassifier.classify(Optional.of(1), ExitClassifier.CONTAINER_EXITED);
    assertEquals(TrialState.FAILED, batch.state());
    assertEquals(false, com.batchtrain.contract.ExitCode.fromCode(1).orElseThrow().retryable());
    ExitClassifier.TrialStatusPart explained = ExitClassifier.explain(batch, Optional.of(record(1, 1,
        "the trainer exited 3: CUDA out of memory")), Optional.empty());
    assertEquals(TrialState.FAILED, explained.state());
    assertEquals("exit 1 (failed): the trainer exited 3: CUDA out of memory (attempt 1)", explained.detail());
    ExitClassifier.TrialStatusPart local = ExitClassifier.classify(Optional.of(1), "");
    assertEquals("exit 1 (failed): the trainer exited 0 but never reported the objective 'val_loss' (attempt 2)",
        ExitClassifier.explain(local, Optional.of(record(1, 2,
            "the trainer exited 0 but never reported the objective 'val_loss'")), Optional.empty()).detail());
  }

  @Test
  void aTrialThatNeverRanAfterFailedStagingShowsTheStagingJobsReason() {
    FailureRecord stage = FailureRecord.of(SweepId.of("s"), Optional.empty(), 1, 65, "data.csv:3: missing column 'leaf'", T,
        FailureRecord.Writer.JOB_RUNTIME);
    ExitClassifier.TrialStatusPart neverRan = ExitClassifier.classify(Optional.empty(), "Dependent Job failed").afterFailedStaging();
    ExitClassifier.TrialStatusPart explained = ExitClassifier.explain(neverRan, Optional.empty(), Optional.of(stage));
    assertEquals(TrialState.STOPPED, explained.state());
    assertEquals("never ran: dataset check failed: exit 65 (bad_data): data.csv:3: missing column 'leaf' (staging job, attempt 1)",
        explained.detail());
    FailureRecord unreachable = FailureRecord.of(SweepId.of("s"), Optional.empty(), 3, 75, "cannot reach s3://b/", T,
        FailureRecord.Writer.JOB_RUNTIME);
    assertEquals("never ran: dataset staging failed: exit 75 (transient): cannot reach s3://b/ (staging job, attempt 3)",
        ExitClassifier.explain(neverRan, Optional.empty(), Optional.of(unreachable)).detail());
    assertEquals("never ran: Dependent Job failed", ExitClassifier.explain(neverRan, Optional.empty(), Optional.empty()).detail(),
        "no record: Batch's reason as before");
  }
}
