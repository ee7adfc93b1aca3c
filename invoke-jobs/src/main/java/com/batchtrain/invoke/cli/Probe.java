package com.batchtrain.invoke.cli;

import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.aws.DatasetStaging;
import com.batchtrain.invoke.aws.JobRequests;
import com.batchtrain.invoke.aws.StackResources;
import com.batchtrain.invoke.drive.Driver;
import com.batchtrain.invoke.drive.SamplerProposer;
import com.batchtrain.invoke.local.LocalCancel;
import com.batchtrain.invoke.local.ProcessIdentity;
import com.batchtrain.invoke.report.EpochProgress;
import com.batchtrain.invoke.report.EpochProgressReader;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.NewSweep;
import com.batchtrain.invoke.sweep.StatusReader;
import com.batchtrain.invoke.sweep.Submission;
import com.batchtrain.invoke.sweep.SweepIds;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialPlanner;
import com.batchtrain.invoke.sweep.TrialStatus;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * {@code sweep --probe}: the sweep's first trial, run on the sweep's backend and queue as a sweep of its
 * own ({@code <name>-probe-<time>-<hex>}) until it has recorded {@value #EPOCHS} epochs, then stopped. Its
 * epoch times, and its attempt's start-up, are then in the results store, where the estimate finds them
 * as an earlier sweep of the same model, data and hardware. It costs what one trial's start-up and
 * {@value #EPOCHS} epochs cost, and says so as it waits.
 */
final class Probe {
  static final int EPOCHS = 2;
  /** Sweep names are at most 40 characters; a probe's id must stay within SweepId's 63. */
  private static final int NAME_ROOM = 34;
  private static final Duration STOP_WAIT = Duration.ofMinutes(2);
  private static final Duration SIGNAL_AGAIN = Duration.ofSeconds(5);

  private final Workspace ws;
  private final LocalOptions local;
  private final PrintWriter out;
  private final Duration poll;

  Probe(Workspace ws, LocalOptions local, Duration poll, PrintWriter out) {
    this.ws = ws;
    this.local = local;
    this.poll = poll;
    this.out = out;
  }

  /** Runs the probe of {@code plan}'s sweep; returns its id (its records stay in the store). */
  SweepId run(NewSweep plan, SweepSpec spec, Optional<StackResources> stack) throws InterruptedException {
    String name = spec.name().length() > NAME_ROOM ? spec.name().substring(0, NAME_ROOM) : spec.name();
    SweepId id = new SweepIds(Clock.systemUTC(), new SecureRandom()).next(name + "-probe");
    Map<String, Object> first = plan.planned() != null ? plan.planned().trial(0).hyperparameters()
        // A bayes sweep's first trial: its driver's own first draw.
        : TrialPlanner.typed(spec, SamplerProposer.forBayes(spec).propose(0, List.of(), List.of()), 0);
    SweepRecord record = plan.record().forProbe(id, Instant.now().toString());
    TrialsFile trials = NewSweep.trialsFile(spec, id, record.dataUri(),
        List.of(new TrialsFile.Trial(TrialId.ofIndex(0).value(), first)));
    ws.sweeps().writeTrials(trials);
    ws.sweeps().writeRecord(record);
    out.printf("probe %s: one trial (%s) for %d epochs, to measure what an epoch and a start-up take here%n", id,
        describe(first, spec), EPOCHS);
    out.flush();
    Thread localRun = null;
    if (record.backend() == SweepRecord.Backend.AWS) {
      record = submit(record, stack.orElseThrow());
    } else {
      SweepRecord r = record;
      localRun = new Thread(() -> LocalRun.run(ws, local, r, List.of(0), out), "probe");
      localRun.setDaemon(true);
      localRun.start();
    }
    // Interrupted (Ctrl-C) on Batch, the probe's job is stopped on the way out: it would train on, and cost, to
    // its end. (Here the runner's own hook stops its trials.)
    SweepRecord submitted = record;
    Thread onExit = new Thread(() -> ws.batchJobs().cancel(submitted), "probe-stop");
    if (localRun == null) {
      Runtime.getRuntime().addShutdownHook(onExit);
    }
    try {
      watch(record, localRun);
    } finally {
      stop(record, localRun);
      if (localRun == null) {
        try {
          Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException exiting) {
          // the JVM is going down: the hook runs
        }
      }
    }
    return id;
  }

  private SweepRecord submit(SweepRecord record, StackResources stack) {
    Optional<SubmitJobRequest> staging = DatasetStaging.request(record, ws.layout(), stack);
    SubmitJobRequest trial = JobRequests.singleTrial(record, ws.layout(), 0);
    if (staging.isPresent()) {
      String stageJob = ws.batchJobs().submitStage(staging.get());
      record = record.withStageJobId(stageJob);
      trial = JobRequests.after(trial, stageJob);
    }
    Submission s = ws.batchJobs().submit(trial, 0, 1);
    record = record.withSubmissions(List.of(s));
    ws.sweeps().writeRecord(record);
    out.printf("probe: submitted Batch job %s to %s%n", s.jobId(), record.jobQueue());
    out.flush();
    return record;
  }

  /**
   * Waits until the trial has recorded its epochs or ended (here: its runner returned, as the trial's state
   * says nothing before the runner has written it), saying what it waits for now and then.
   */
  private void watch(SweepRecord record, Thread localRun) throws InterruptedException {
    StatusReader statuses = Reports.statusReader(ws, record);
    EpochProgressReader epochs = new EpochProgressReader(ws.store(), ws.layout());
    Instant started = Instant.now();
    Instant said = Instant.EPOCH;
    while (true) {
      List<EpochProgress> done = epochs.readSweep(record.id(), 1).getOrDefault(TrialId.ofIndex(0), List.of());
      TrialStatus status = statuses.read(record).get(0);
      boolean ended = localRun == null ? status.state().terminal() : !localRun.isAlive();
      if (done.size() >= EPOCHS || ended) {
        out.printf("probe: %d epoch(s) recorded, the trial %s%n", done.size(), ended
            ? "ended (" + status.state().id() + ": " + status.detail() + ")" : "is stopped now");
        out.flush();
        return;
      }
      Instant now = Instant.now();
      if (Duration.between(said, now).compareTo(Duration.ofSeconds(30)) >= 0) {
        out.printf("probe: %s, %d of %d epochs after %d s%n", status.state().id(), done.size(), EPOCHS,
            Duration.between(started, now).toSeconds());
        out.flush();
        said = now;
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /**
   * Stops the trial (Batch: TerminateJob, which Batch does not retry; here: SIGTERM) and waits a while
   * for its attempt to end, so that its stop time, and with it the start-up, is recorded.
   */
  private void stop(SweepRecord record, Thread localRun) throws InterruptedException {
    if (localRun != null) {
      LocalCancel cancel = new LocalCancel(ws.executions());
      cancel.cancel(record.id());
      localRun.join(SIGNAL_AGAIN.toMillis());
      // A trial whose process started after the first signal was read past gets its own.
      cancel.cancel(record.id());
      localRun.join(STOP_WAIT.toMillis());
      if (localRun.isAlive()) {
        // It ignored SIGTERM: killed, so that nothing of the probe runs beside the sweep.
        ws.executions().read(record.id(), TrialId.ofIndex(0)).flatMap(e -> ProcessIdentity.find(e.process()))
            .ifPresent(ProcessHandle::destroyForcibly);
        localRun.join(SIGNAL_AGAIN.toMillis());
      }
      return;
    }
    ws.batchJobs().cancel(record);
    StatusReader statuses = Reports.statusReader(ws, record);
    Instant until = Instant.now().plus(STOP_WAIT);
    while (Instant.now().isBefore(until) && !statuses.read(record).get(0).state().terminal()) {
      Thread.sleep(poll.toMillis());
    }
  }

  /** The trial's values of the parameters the spec searches (not every default the trials file holds). */
  private static String describe(Map<String, Object> point, SweepSpec spec) {
    Map<String, Object> searched = new java.util.LinkedHashMap<>();
    spec.parameters().keySet().forEach(k -> {
      if (point.containsKey(k)) {
        searched.put(k, point.get(k));
      }
    });
    return searched.isEmpty() ? "the defaults" : Driver.describe(searched);
  }
}
