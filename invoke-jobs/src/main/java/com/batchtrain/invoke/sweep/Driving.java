package com.batchtrain.invoke.sweep;

import com.batchtrain.invoke.spec.SweepSpec;

/**
 * Whether a sweep's trials are submitted a few at a time by its driver ({@code invoke-jobs drive})
 * rather than all at once.
 *
 * <p>{@code method: bayes} always is: it proposes each trial from the results so far. A grid or random
 * sweep on Batch is when its {@code max_parallel} is below its trial count: an array job cannot hold
 * its children to a number in flight (they run as fast as the compute environment scales), so the
 * driver submits them one by one as slots free up, replaying the planned points in order. On this
 * machine the local runner already holds such a sweep to {@code max_parallel} and submits it at once.
 */
public final class Driving {
  private Driving() {}

  /** Whether a new sweep of {@code spec} on {@code backend} is driven. */
  public static boolean required(SweepSpec spec, SweepRecord.Backend backend) {
    if (spec.adaptive()) {
      return true;
    }
    return backend == SweepRecord.Backend.AWS && spec.maxParallel() < new TrialPlanner().points(spec).size();
  }

  /**
   * Whether an existing sweep is driven: as decided when it was submitted, so a grid or random sweep
   * submitted as one array job (by an earlier version, or on a stack without the driver's job
   * definition) stays one, whatever {@link #required} would say of it now.
   */
  public static boolean of(SweepRecord record, SweepSpec spec) {
    if (spec.adaptive()) {
      return true;
    }
    return record.backend() == SweepRecord.Backend.AWS && record.submissions().stream().noneMatch(Submission::array)
        && record.maxParallel() < record.trialCount();
  }
}
