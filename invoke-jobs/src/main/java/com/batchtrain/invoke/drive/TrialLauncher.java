package com.batchtrain.invoke.drive;

import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.List;
import java.util.Map;

/**
 * Starts one trial of a driven sweep on a backend, and says which trials the backend already has
 * jobs for: what a driver killed between submitting and journaling left behind.
 */
public interface TrialLauncher extends AutoCloseable {

  /** One backend job of a trial: a Batch job id and name, or the local runner that started it. */
  record Launch(int trial, String jobId, String jobName) {}

  /**
   * Starts trial {@code index} (already in the trials file). Returns once the backend knows the job:
   * a status read after it sees the trial queued, never missing.
   */
  Launch launch(SweepRecord record, int index);

  /** Every job the backend has for the sweep's trials, by trial index (reconciliation when a driver starts). */
  Map<Integer, List<Launch>> existing(SweepRecord record);

  /**
   * Why no trial of the sweep can run now, if so: on Batch, its dataset staging job failed (every
   * trial depends on it). Empty while trials can run or wait.
   */
  default java.util.Optional<String> blocked(SweepRecord record) {
    return java.util.Optional.empty();
  }

  /** Stops the sweep's trials still queued or running (after {@code invoke-jobs cancel}). */
  void cancel(SweepRecord record);

  /** Stops waiting for nothing: local trials keep running in their own processes, Batch jobs on Batch. */
  @Override
  void close();
}
