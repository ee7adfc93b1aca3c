package com.batchtrain.invoke.drive;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.search.Observation;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.NewSweep;
import com.batchtrain.invoke.sweep.StatusReader;
import com.batchtrain.invoke.sweep.Submission;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.SweepStore;
import com.batchtrain.invoke.sweep.TrialPlanner;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStates;
import com.batchtrain.invoke.sweep.TrialStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps {@code max_parallel} trials of a sweep in flight until {@code max_trials} have ended, proposing
 * each next trial from the results so far. Stateless between runs: every step is journaled
 * ({@link Journal}) before the next, in an order that makes a kill at any point harmless:
 *
 * <ol>
 *   <li>{@code proposed}: the point is fixed before anything else, so a restart submits it rather than another;
 *   <li>the trials file gains the trial (the job reads it there);
 *   <li>the backend job is submitted;
 *   <li>{@code submitted}; then the sweep record's submissions, derived from the journal, are rewritten.
 * </ol>
 *
 * A driver that starts reconciles the journal with the backend ({@link TrialLauncher#existing}): a job
 * submitted but not journaled is journaled, not submitted again. A trial that stopped (its job
 * interrupted, a driver's local runner killed) is re-run from its checkpoint, at most
 * {@code attempts} submissions in all; one that failed for good is not.
 */
public final class Driver {
  /** What the driver tells the console as it goes. */
  public interface Listener {
    void event(String line);
  }

  /** How a run of the driver ended. */
  public enum Outcome {
    /** Every planned trial ended (some may have failed: the leaderboard and status say). */
    COMPLETED,
    /** {@code invoke-jobs cancel}: nothing more is submitted; trials in flight are cancel's to stop. */
    CANCELLED,
    /** Stopped proposing: the first trials all failed, so more would fail the same way. */
    GAVE_UP,
    /** Stopped submitting: one more trial could pass the sweep's {@code max_cost}. */
    BUDGET_REACHED
  }

  private final SweepStore sweeps;
  private final SweepSpec spec;
  private final Journal journal;
  private final TrialLauncher launcher;
  private final StatusReader statuses;
  private final Proposer proposer;
  private final Clock clock;
  private final Duration poll;
  private final Listener listener;
  private final SpendingLimit limit;
  private SweepRecord record;
  private boolean reconciled;
  /** Why the budget stopped submissions, once it has (said once, then kept until the trials in flight end). */
  private Optional<String> overBudget = Optional.empty();

  public Driver(SweepStore sweeps, SweepRecord record, SweepSpec spec, Journal journal, TrialLauncher launcher,
      TrialStates states, Proposer proposer, Clock clock, Duration poll, Listener listener) {
    this(sweeps, record, spec, journal, launcher, states, proposer, clock, poll, listener, SpendingLimit.NONE);
  }

  /** @param limit what may be spent: checked before each trial is proposed and submitted */
  public Driver(SweepStore sweeps, SweepRecord record, SweepSpec spec, Journal journal, TrialLauncher launcher,
      TrialStates states, Proposer proposer, Clock clock, Duration poll, Listener listener, SpendingLimit limit) {
    this.limit = limit;
    this.sweeps = sweeps;
    this.record = record;
    this.spec = spec;
    this.journal = journal;
    this.launcher = launcher;
    this.statuses = new StatusReader(sweeps, states);
    this.proposer = proposer;
    this.clock = clock;
    this.poll = poll;
    this.listener = listener;
  }

  /** Steps until the sweep is done (or cancelled); returns how it ended. */
  public Outcome run() {
    while (true) {
      Optional<Outcome> done = step();
      if (done.isPresent()) {
        return done.get();
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("driver interrupted", e);
      }
    }
  }

  /**
   * One pass: read what happened since the last (journal, backend, results store), journal the
   * trials that ended, re-run stopped ones, fill the free slots. Empty while the sweep goes on.
   */
  public Optional<Outcome> step() {
    journal.refresh();
    DriveState state = journal.state();
    if (state.ended().isPresent()) {
      return Optional.of(outcome(state.ended().get()));
    }
    if (state.cancelledAt().isPresent()) {
      return cancelled();
    }
    Optional<String> blocked = launcher.blocked(record);
    if (blocked.isPresent()) {
      // No trial can run (the dataset staging job failed): re-running them would fail alike.
      String reason = GAVE_UP_PREFIX + ": " + blocked.get();
      append(List.of(new JournalEvent.Ended(reason, now())));
      listener.event("driver: " + reason);
      return Optional.of(Outcome.GAVE_UP);
    }
    if (!reconciled) {
      state = reconcile(state);
      reconciled = true;
    }
    state = settle(state);
    if (state.cancelledAt().isPresent()) {
      return cancelled();
    }
    Optional<String> giveUp = giveUpReason(state);
    if (giveUp.isEmpty()) {
      state = fill(state);
    }
    if (state.inFlight().isEmpty() && (giveUp.isPresent() || overBudget.isPresent()
        || state.proposed() >= plannedTrials())) {
      int proposed = state.proposed();
      long submitted = state.submittedCount();
      String reason = giveUp.or(() -> overBudget.map(r -> BUDGET_PREFIX + " after " + submitted + " of "
          + plannedTrials() + " trials: " + r)).orElse("all " + proposed + " trials ended");
      append(List.of(new JournalEvent.Ended(reason, now())));
      listener.event("driver: " + reason);
      return Optional.of(outcome(reason));
    }
    return state.cancelledAt().isPresent() ? cancelled() : Optional.empty();
  }

  /**
   * {@code cancel} stops the jobs the record names when it runs; a job this driver submitted after
   * that read is stopped here, so that either order of the two leaves nothing running.
   */
  private Optional<Outcome> cancelled() {
    writeRecord(journal.state());
    launcher.cancel(record);
    listener.event("driver: the sweep was cancelled; nothing more is submitted");
    return Optional.of(Outcome.CANCELLED);
  }

  /** How the journal's {@code ended} reason starts when the driver stopped short of the planned trials. */
  public static final String GAVE_UP_PREFIX = "gave up";
  /** How the journal's {@code ended} reason starts when the sweep's {@code max_cost} stopped it. */
  public static final String BUDGET_PREFIX = "stopped at max_cost";

  /** How a run that journaled {@code reason} as its end ended. */
  public static Outcome outcome(String reason) {
    return reason.startsWith(GAVE_UP_PREFIX) ? Outcome.GAVE_UP
        : reason.startsWith(BUDGET_PREFIX) ? Outcome.BUDGET_REACHED : Outcome.COMPLETED;
  }

  /** The record as {@code status} should see it: the journal's submissions (Batch jobs) in order. */
  public SweepRecord record() {
    return record;
  }

  private int plannedTrials() {
    return record.trialCount();
  }

  /** Journals the jobs a killed driver submitted without journaling, and submits trials it proposed but never submitted. */
  private DriveState reconcile(DriveState state) {
    if (state.proposed() == 0) {
      return state;
    }
    Map<Integer, List<TrialLauncher.Launch>> existing = launcher.existing(record);
    List<JournalEvent> found = new ArrayList<>();
    for (DriveState.TrialRecord t : state.trials()) {
      Set<String> journaled = new HashSet<>();
      t.submissions().forEach(s -> journaled.add(s.jobId()));
      for (TrialLauncher.Launch l : existing.getOrDefault(t.index(), List.of())) {
        if (!journaled.contains(l.jobId())) {
          found.add(new JournalEvent.Submitted(t.index(), l.jobId(), l.jobName(), now()));
          listener.event("driver: " + TrialId.ofIndex(t.index()) + " already has job " + l.jobId() + " (submitted by a"
              + " driver that ended before journaling it): not submitting it again");
        }
      }
    }
    if (!found.isEmpty()) {
      append(found);
      state = journal.state();
    }
    writeRecord(state);
    for (DriveState.TrialRecord t : state.unsubmitted()) {
      if (!mayStartAnother(journal.state())) {
        break;
      }
      writeTrials(state);
      submit(t.index(), "proposed before the driver ended");
    }
    return journal.state();
  }

  /** Journals trials that ended for good; re-submits the ones that stopped and may run again. */
  private DriveState settle(DriveState state) {
    if (state.inFlight().isEmpty()) {
      return state;
    }
    Map<TrialId, TrialStatus> byTrial = new java.util.HashMap<>();
    java.util.Set<Integer> inFlight = new java.util.HashSet<>();
    state.inFlight().forEach(t -> inFlight.add(t.index()));
    StatusReader.Snapshot snapshot = statuses.snapshot(record, inFlight);
    snapshot.statuses().forEach(s -> byTrial.put(s.trial(), s));
    List<JournalEvent> ended = new ArrayList<>();
    List<Integer> rerun = new ArrayList<>();
    for (DriveState.TrialRecord t : state.inFlight()) {
      TrialStatus s = byTrial.get(TrialId.ofIndex(t.index()));
      if (s == null || snapshot.jobActive(t.index())) {
        // A trial holds its slot until its job has ended: its container may still run after it published,
        // and max_parallel counts what runs.
        continue;
      }
      switch (s.state()) {
        case SUCCEEDED, PRUNED -> ended.add(new JournalEvent.Finished(t.index(), s.state().name().toLowerCase(),
            objective(t.index()).orElse(null), s.detail()));
        case FAILED -> ended.add(new JournalEvent.Finished(t.index(), "failed", null, s.detail()));
        case STOPPED -> {
          if (t.submissions().size() < record.attempts()) {
            rerun.add(t.index());
          } else {
            ended.add(new JournalEvent.Finished(t.index(), "stopped", null, s.detail() + " (submitted "
                + t.submissions().size() + " times, the sweep's attempts)"));
          }
        }
        default -> { }
      }
    }
    if (!ended.isEmpty()) {
      append(ended);
      for (JournalEvent e : ended) {
        JournalEvent.Finished f = (JournalEvent.Finished) e;
        listener.event("  " + TrialId.ofIndex(f.trial()) + " " + f.state() + (f.value() == null ? ""
            : " " + record.objective().metric() + "=" + f.value()));
      }
    }
    for (int index : rerun) {
      if (!mayStartAnother(journal.state())) {
        // It ends stopped: the budget has no room for its re-run.
        append(List.of(new JournalEvent.Finished(index, "stopped", null, "not re-run: " + overBudget.get())));
        continue;
      }
      submit(index, "re-run: it stopped before finishing");
    }
    return journal.state();
  }

  /**
   * Proposes the first {@code max_parallel} trials and writes them to the trials file, submitting
   * nothing: what {@code sweep} does before the dataset staging job, which checks the data against
   * the trials file. The driver that starts next submits them (they are proposed, not submitted).
   */
  public void proposeFirst() {
    journal.refresh();
    DriveState state = journal.state();
    while (state.proposed() < Math.min(record.maxParallel(), plannedTrials())) {
      int index = state.proposed();
      append(List.of(new JournalEvent.Proposed(index, proposer.propose(index, observations(state), running(state)))));
      state = journal.state();
    }
    writeTrials(state);
  }

  /**
   * Proposes and submits trials while a slot is free, the sweep has trials left and the spending limit
   * allows one more; once it does not, nothing more is submitted, and the sweep ends when the trials in
   * flight have.
   */
  private DriveState fill(DriveState state) {
    while (state.inFlight().size() < record.maxParallel() && state.proposed() < plannedTrials()
        && state.cancelledAt().isEmpty() && mayStartAnother(state)) {
      int index = state.proposed();
      Map<String, Object> point = proposer.propose(index, observations(state), running(state));
      append(List.of(new JournalEvent.Proposed(index, point)));
      state = journal.state();
      writeTrials(state);
      submit(index, null);
      state = journal.state();
    }
    return state;
  }

  /**
   * Whether the spending limit lets one more trial start (a new one, one proposed before a restart, or a
   * re-run): asked before every submission. Once it says no, it is not asked again, and the refusal is
   * said once.
   */
  private boolean mayStartAnother(DriveState state) {
    if (overBudget.isEmpty()) {
      overBudget = limit.refusal(record, state);
      overBudget.ifPresent(r -> listener.event("driver: no more trials are submitted: " + r
          + (state.inFlight().isEmpty() ? "" : "; the sweep ends when the " + state.inFlight().size()
              + " trial(s) in flight have")));
    }
    return overBudget.isEmpty();
  }

  private void submit(int index, String why) {
    TrialLauncher.Launch launch = launcher.launch(record, index);
    append(List.of(new JournalEvent.Submitted(index, launch.jobId(), launch.jobName(), now())));
    DriveState state = journal.state();
    writeRecord(state);
    listener.event("  " + TrialId.ofIndex(index) + " submitted" + (why == null ? "" : " (" + why + ")") + ": "
        + describe(state.trials().get(index).parameters()) + (launch.jobId().startsWith(LOCAL_PREFIX) ? "" : ", job " + launch.jobId()));
  }

  /** A local launch's job id: the runner process, as {@code local:<pid@start>}. */
  public static final String LOCAL_PREFIX = "local:";

  /** A trial's hyperparameters on one line: {@code learning_rate=0.01 optimizer=sgd}. */
  public static String describe(Map<String, Object> point) {
    StringBuilder b = new StringBuilder();
    point.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return b.toString();
  }

  /**
   * No trial succeeded and at least {@code max(3, max_parallel)} failed for good: the next ones would
   * most likely fail the same way (bad data, a broken command), so the driver stops spending.
   */
  private Optional<String> giveUpReason(DriveState state) {
    if (!spec.adaptive()) {
      // A grid's first trials share its first values: their failing says nothing of the rest, which an
      // array job would have run too.
      return Optional.empty();
    }
    long failed = state.trials().stream().filter(t -> t.finished().map(f -> f.state().equals("failed")).orElse(false)).count();
    boolean anyResult = state.trials().stream().anyMatch(t -> t.finished().map(f -> !f.state().equals("failed")
        && !f.state().equals("stopped")).orElse(false));
    long threshold = Math.max(3, Math.min(record.maxParallel(), plannedTrials()));
    if (!anyResult && failed >= Math.min(threshold, plannedTrials())) {
      return Optional.of(GAVE_UP_PREFIX + ": the first " + failed + " trials all failed, so no more are submitted (see"
          + " invoke-jobs status " + record.sweepId() + " for why)");
    }
    return Optional.empty();
  }

  private List<Observation> observations(DriveState state) {
    boolean maximize = record.objective().goal() == Objective.Goal.MAXIMIZE;
    List<Observation> out = new ArrayList<>();
    for (DriveState.TrialRecord t : state.trials()) {
      t.finished().filter(f -> f.value() != null && !f.value().isNaN())
          .ifPresent(f -> out.add(new Observation(t.parameters(), maximize ? -f.value() : f.value())));
    }
    return out;
  }

  private static List<Map<String, Object>> running(DriveState state) {
    return state.inFlight().stream().map(DriveState.TrialRecord::parameters).toList();
  }

  /** The objective a finished trial published (manifest metrics: what the leaderboard ranks by). */
  private Optional<Double> objective(int index) {
    return sweeps.manifest(record.id(), TrialId.ofIndex(index)).map(Manifest::metrics)
        .map(m -> m.get(record.objective().metric()));
  }

  private void writeTrials(DriveState state) {
    List<TrialsFile.Trial> trials = new ArrayList<>();
    for (DriveState.TrialRecord t : state.trials()) {
      trials.add(new TrialsFile.Trial(TrialId.ofIndex(t.index()).value(), TrialPlanner.typed(spec, t.parameters(), t.index())));
    }
    TrialsFile file = template().withTrials(trials);
    sweeps.writeTrials(file);
    templateFile = file;
  }

  private TrialsFile templateFile;

  /** The sweep-level part of the trials file: the file already written (a restart), else from the spec. */
  private TrialsFile template() {
    if (templateFile == null) {
      templateFile = sweeps.objects().readIfExists(sweeps.layout().trialsFile(record.id())).map(TrialsFile::fromJson)
          .orElseGet(() -> NewSweep.trialsFile(spec, record.id(), record.dataUri(),
              List.of(new TrialsFile.Trial(TrialId.ofIndex(0).value(), Map.of()))));
    }
    return templateFile;
  }

  /** Rewrites the sweep record when the journal holds Batch jobs it does not (local runs keep their own records). */
  private void writeRecord(DriveState state) {
    if (record.backend() != SweepRecord.Backend.AWS) {
      return;
    }
    List<Submission> submissions = new ArrayList<>();
    for (DriveState.TrialRecord t : state.trials()) {
      for (JournalEvent.Submitted s : t.submissions()) {
        submissions.add(new Submission(s.jobId(), s.jobName(), t.index(), 1, false, s.at()));
      }
    }
    // In journal order per trial; status and cancel read the newest submission of each trial.
    submissions.sort(java.util.Comparator.comparing(Submission::submittedAt));
    if (!submissions.equals(record.submissions())) {
      // The stored record may have gained what sweep wrote after this driver read it (its own Batch job's id).
      String driverJob = sweeps.readRecord(record.id()).driverJobId();
      record = (driverJob == null || driverJob.equals(record.driverJobId()) ? record : record.withDriverJobId(driverJob))
          .withOnlySubmissions(submissions);
      sweeps.writeRecord(record);
    }
  }

  /**
   * Appends one step; when another writer got there first, reads what it wrote: a {@code cancel} is
   * taken as such (the step is dropped), anything else means a second driver, which this one leaves
   * the sweep to.
   */
  private void append(List<JournalEvent> events) {
    try {
      journal.append(events);
    } catch (JournalConflictException e) {
      List<JournalEntry> theirs = journal.refresh();
      boolean onlyCancel = !theirs.isEmpty() && theirs.stream().flatMap(x -> x.events().stream())
          .allMatch(x -> x instanceof JournalEvent.Cancelled);
      if (!onlyCancel) {
        throw new AnotherDriverException(record.id(), theirs.isEmpty() ? "?" : theirs.get(theirs.size() - 1).driver());
      }
      // What this step did still happened (a job may have been submitted): it is journaled after the cancel.
      journal.append(events);
    }
  }

  private String now() {
    return clock.instant().toString();
  }
}
