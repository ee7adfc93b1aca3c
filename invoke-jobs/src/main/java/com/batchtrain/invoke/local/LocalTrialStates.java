package com.batchtrain.invoke.local;

import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.sweep.ExitClassifier;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStates;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trial states from the local records. A record that says QUEUED or RUNNING is believed only while
 * its owner process lives, or, for RUNNING, while the trial's own process does: after a crash or
 * kill of the runner, a trial that is not running any more reads as STOPPED.
 */
public final class LocalTrialStates implements TrialStates {
  private final ExecutionStore executions;

  public LocalTrialStates(ExecutionStore executions) {
    this.executions = executions;
  }

  @Override
  public Map<Integer, ExitClassifier.TrialStatusPart> states(SweepRecord record) {
    Map<Integer, ExitClassifier.TrialStatusPart> out = new HashMap<>();
    for (Map.Entry<TrialId, Execution> e : executions.readAll(record.id()).entrySet()) {
      out.put(e.getKey().index(), state(e.getValue()));
    }
    return out;
  }

  /** Reads the records of trials {@code only}, not the sweep's every record. */
  @Override
  public Map<Integer, ExitClassifier.TrialStatusPart> states(SweepRecord record, java.util.Set<Integer> only) {
    Map<Integer, ExitClassifier.TrialStatusPart> out = new HashMap<>();
    for (int i : only) {
      executions.read(record.id(), TrialId.ofIndex(i)).ifPresent(e -> out.put(i, state(e)));
    }
    return out;
  }

  static ExitClassifier.TrialStatusPart state(Execution e) {
    boolean ownerAlive = ProcessIdentity.find(e.owner()).isPresent();
    return switch (e.phase()) {
      case QUEUED -> ownerAlive
          ? new ExitClassifier.TrialStatusPart(TrialState.PENDING, "queued")
          : new ExitClassifier.TrialStatusPart(TrialState.STOPPED, "never ran (the runner ended first)");
      case RUNNING -> ownerAlive
          ? new ExitClassifier.TrialStatusPart(TrialState.RUNNING, "attempt " + e.attempt())
          // A runner killed outright (kill -9) leaves its trials running on their own: they still publish.
          : ProcessIdentity.find(e.process()).isPresent()
              ? new ExitClassifier.TrialStatusPart(TrialState.RUNNING, "attempt " + e.attempt()
                  + " (its runner ended; the trial runs on)")
              : new ExitClassifier.TrialStatusPart(TrialState.STOPPED, "interrupted: the runner ended during attempt " + e.attempt());
      case ENDED -> {
        Optional<Integer> last = e.exitCodes().isEmpty() ? Optional.empty()
            : Optional.of(e.exitCodes().get(e.exitCodes().size() - 1));
        if (last.isPresent() && last.get() == 0) {
          yield new ExitClassifier.TrialStatusPart(TrialState.SUCCEEDED, "exit 0");
        }
        ExitClassifier.TrialStatusPart p = ExitClassifier.classify(last, e.detail());
        yield e.attempt() == 0 ? p : p.withDetail(p.detail() + " (attempt " + e.attempt() + ")");
      }
    };
  }
}
