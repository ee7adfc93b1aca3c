package com.batchtrain.invoke.sweep;

import com.batchtrain.invoke.cost.AttemptUsage;
import java.time.Instant;
import java.util.List;

/**
 * Every attempt a sweep's jobs have made so far, each with what it was charged: what the sweep's usage
 * and cost are counted from. One per backend, as {@link TrialStates}: Batch's job descriptions, or the
 * local runner's records.
 */
public interface AttemptHistory {
  /** The attempts in the order they started; a running one counts up to {@code now}. */
  List<AttemptUsage> attempts(SweepRecord record, Instant now);

  /** Whether its attempts are billed (Batch), each with a charge; not those on this machine. */
  boolean billed();
}
