package com.batchtrain.invoke.local;

import com.batchtrain.contract.SweepId;
import java.util.Optional;

/**
 * Cancels a local sweep from any process: the marker stops the runner from starting or retrying
 * trials, and SIGTERM lets running trials checkpoint and stop.
 */
public final class LocalCancel {
  private final ExecutionStore executions;

  public LocalCancel(ExecutionStore executions) {
    this.executions = executions;
  }

  /** Returns how many running trials were signalled. */
  public int cancel(SweepId sweep) {
    executions.markCancelled(sweep);
    int signalled = 0;
    for (Execution e : executions.readAll(sweep).values()) {
      if (e.phase() == Execution.Phase.RUNNING) {
        Optional<ProcessHandle> trial = ProcessIdentity.find(e.process());
        if (trial.isPresent() && trial.get().destroy()) {
          signalled++;
        }
      }
    }
    return signalled;
  }
}
