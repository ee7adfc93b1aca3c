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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A driven sweep's trials as child processes of the driver: each launch queues the trial's record
 * at once, then runs it through {@link LocalRunner} on a thread of its own (the driver holds at most
 * {@code slots} in flight). A driver killed outright leaves its trials running; the next driver finds
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

  @Override
  public Launch launch(SweepRecord record, int index) {
    Execution queued = runner.enqueue(record, index);
    threads.submit(() -> runner.runQueued(record, layout, queued, slots));
    return new Launch(index, Driver.LOCAL_PREFIX + queued.owner(), TrialId.ofIndex(index).value());
  }

  /**
   * Trials some runner started: a record that ran or ran out (RUNNING, ENDED), or one queued by a
   * runner that still lives. One queued by a runner that died never started: it is not a job.
   */
  @Override
  public Map<Integer, List<Launch>> existing(SweepRecord record) {
    Map<Integer, List<Launch>> out = new TreeMap<>();
    executions.readAll(record.id()).forEach((trial, e) -> {
      boolean started = e.phase() != Execution.Phase.QUEUED || ProcessIdentity.find(e.owner()).isPresent();
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
