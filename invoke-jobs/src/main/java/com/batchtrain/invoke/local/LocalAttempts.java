package com.batchtrain.invoke.local;

import com.batchtrain.invoke.cost.AttemptUsage;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The local runner's attempts, from its records: hours on this machine, nothing billed. An attempt that
 * a later one followed was lost to a retry; one without a stop time counts up to now while its process
 * runs, and not at all when its runner was killed before it could write one (its end is not known).
 */
public final class LocalAttempts implements AttemptHistory {
  private final ExecutionStore executions;

  public LocalAttempts(ExecutionStore executions) {
    this.executions = executions;
  }

  @Override
  public boolean billed() {
    return false;
  }

  @Override
  public List<AttemptUsage> attempts(SweepRecord record, Instant now) {
    List<AttemptUsage> out = new ArrayList<>();
    for (Execution e : executions.readAll(record.id()).values()) {
      List<Execution.Attempt> attempts = e.attempts();
      for (int i = 0; i < attempts.size(); i++) {
        Execution.Attempt a = attempts.get(i);
        boolean last = i == attempts.size() - 1;
        Instant started = Instant.parse(a.startedAt());
        if (a.stoppedAt() != null) {
          out.add(new AttemptUsage(e.trialId(), started, Instant.parse(a.stoppedAt()), Optional.empty(),
              last ? AttemptUsage.Fate.ENDED_TRIAL : AttemptUsage.Fate.LOST));
        } else if (last && e.phase() == Execution.Phase.RUNNING && ProcessIdentity.find(e.process()).isPresent()) {
          out.add(new AttemptUsage(e.trialId(), started, now.isBefore(started) ? started : now, Optional.empty(),
              AttemptUsage.Fate.RUNNING));
        }
      }
    }
    out.sort(Comparator.comparing(AttemptUsage::startedAt));
    return out;
  }
}
