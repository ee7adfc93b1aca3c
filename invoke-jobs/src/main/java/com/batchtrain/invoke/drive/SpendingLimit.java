package com.batchtrain.invoke.drive;

import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.Optional;

/**
 * Whether the driver may start one more trial of a sweep: a budget held against what the sweep has
 * spent, what its trials in flight will still spend and what the next one would. One job, swappable:
 * no limit, or the sweep's {@code max_cost}.
 */
public interface SpendingLimit {
  /** No limit: every planned trial may start. */
  SpendingLimit NONE = (record, state) -> Optional.empty();

  /** Why no further trial may start now (one line), or empty when one may. */
  Optional<String> refusal(SweepRecord record, DriveState state);
}
