package com.batchtrain.invoke.local;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.drive.Driver;
import com.batchtrain.invoke.drive.TrialLauncher;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A driven sweep's trials as child processes of the driver: each launch queues the trial's record,
 * then runs it through {@link LocalRunner} on a thread of its own (the driver holds at most
 * {@code slots} in flight) and returns once the trial's process runs. A driver killed outright leaves its trials running; the next driver finds
 * them in their records ({@link #existing}) and waits for them instead of starting them again.
 */
public final class LocalLauncher implements TrialLauncher {
  private final LocalRunner runner;
  private final ExecutionStore executions;
  private final ResultsLayout layout;
  private final int slots;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "driven-trial");
    t.setDaemon(true);
    return t;
  });

  public LocalLauncher(LocalRunner runner, ExecutionStore executions, ResultsLayout layout, int slots) {
    this.runner = runner;
    this.executions = executions;
    this.layout = layout;
    this.slots = slots;
  }

  /**
   * Returns once the trial's process runs and its record says so, as a Batch job exists once
   * SubmitJob returned: a driver killed after journaling the launch leaves the trial running on its
   * own, never a record of a trial that no process will run.
   */
  @Override
  public Launch launch(SweepRecord record, int index) {
    Execution queued = runner.enqueue(record, index);
    CompletableFuture<Void> running = new CompletableFuture<>();
    threads.submit(() -> {
      try {
        runner.runQueued(record, layout, queued, slots, () -> running.complete(null));
        running.complete(null); // it ended without starting (cancelled): there is nothing to wait for
      } catch (Throwable e) {
        // Before the trial started, the launch fails with it; after, the driver reads the record it left.
        if (!running.completeExceptionally(e)) {
          System.err.println("invoke-jobs: trial " + TrialId.ofIndex(index) + "'s runner failed: " + e);
        }
      }
    });
    try {
      running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting trial " + TrialId.ofIndex(index), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
    return new Launch(index, Driver.LOCAL_PREFIX + queued.owner(), TrialId.ofIndex(index).value());
  }

  /**
   * Trials some runner started: a record that ran or ran out (RUNNING, ENDED), or one queued by a
   * runner that still lives. One queued by a runner that died never started: it is not a job; nor is
   * one recorded as running whose runner died before opening its start gate ({@link StartGate#passed}).
   */
  @Override
  public Map<Integer, List<Launch>> existing(SweepRecord record) {
    Map<Integer, List<Launch>> out = new TreeMap<>();
    executions.readAll(record.id()).forEach((trial, e) -> {
      boolean ownerAlive = ProcessIdentity.find(e.owner()).isPresent();
      boolean neverPassedGate = e.phase() == Execution.Phase.RUNNING && !ownerAlive
          && ProcessIdentity.find(e.process()).isEmpty() && !StartGate.passed(e.log());
      boolean started = (e.phase() != Execution.Phase.QUEUED || ownerAlive) && !neverPassedGate;
      if (started) {
        out.computeIfAbsent(trial.index(), k -> new ArrayList<>())
            .add(new Launch(trial.index(), Driver.LOCAL_PREFIX + e.owner(), trial.value()));
      }
    });
    return out;
  }

  @Override
  public void cancel(SweepRecord record) {
    new LocalCancel(executions).cancel(record.id());
  }

  @Override
  public void close() {
    threads.shutdown();
  }
}
