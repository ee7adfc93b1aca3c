package com.batchtrain.invoke.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.cost.AttemptUsage;
import com.batchtrain.invoke.cost.Budget;
import com.batchtrain.invoke.cost.CostEstimate;
import com.batchtrain.invoke.cost.EpochTimes;
import com.batchtrain.invoke.cost.InstanceOption;
import com.batchtrain.invoke.cost.InstancePrice;
import com.batchtrain.invoke.cost.Market;
import com.batchtrain.invoke.cost.Placement;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.cost.SweepUsage;
import com.batchtrain.invoke.estimate.CostBudget;
import com.batchtrain.invoke.search.Samplers;
import com.batchtrain.invoke.search.SearchSpace;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.NewSweep;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.SweepStore;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.storage.ObjectStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The driver against a backend the test runs by hand, on a real file results store: slots, the
 * planned number of trials, re-runs, cancel, a second driver, and a kill at every point of a
 * submission followed by a restart from the journal alone.
 */
class DriverTest {
  private static final String SPEC = """
      name: drv
      trainer: {command: [python3, train.py]}
      data: file:///data/train.csv
      objective: {metric: val_loss, goal: minimize}
      method: bayes
      max_trials: 10
      max_parallel: 3
      retries: 1
      seed: 4
      parameters:
        lr: {min: 0.001, max: 1.0, distribution: log_uniform}
        optimizer: {values: [adam, sgd]}
        momentum: {min: 0.5, max: 0.99, when: {optimizer: sgd}}
      """;

  @TempDir Path dir;
  private CrashingStore store;
  private ResultsLayout layout;
  private SweepSpec spec;
  private SweepRecord record;
  private FakeBackend backend;
  private final List<String> events = new ArrayList<>();

  @BeforeEach
  void sweep() {
    layout = new ResultsLayout(StorageUri.ofPath(dir.resolve("results")).asDirectory());
    store = new CrashingStore(ObjectStores.open(layout.root(), Map.of()));
    spec = new SpecReader().read(SPEC);
    record = NewSweep.plan(spec, SPEC, SweepId.of("drv-1"), layout, SweepRecord.Backend.AWS, "queue", "definition",
        Instant.parse("2026-12-07T00:00:00Z")).record();
    new SweepStore(store, layout).writeRecord(record);
    backend = new FakeBackend(store, layout);
  }

  private Driver driver() {
    Journal journal = Journal.read(store, layout, record.id(), "test-driver", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    return new Driver(new SweepStore(store, layout), record, spec, journal, backend, backend,
        new SamplerProposer(Samplers.forBayes(), SearchSpace.of(spec), spec.seed()), Clock.systemUTC(), Duration.ZERO,
        events::add);
  }

  /** The objective of a trial's point: best at lr 0.1 with adam. */
  private static double objective(Map<String, Object> point) {
    double lr = ((Number) point.get("lr")).doubleValue();
    return Math.pow(Math.log10(lr) + 1, 2) + ("sgd".equals(point.get("optimizer")) ? 0.5 : 0);
  }

  private DriveState journalState() {
    return Journal.read(store, layout, record.id(), "reader", Clock.systemUTC()).state();
  }

  /** Ends the oldest active trial (succeeding, with its objective) and steps, until the driver is done. */
  private Driver.Outcome runToEnd(Driver driver) {
    for (int guard = 0; guard < 200; guard++) {
      Optional<Driver.Outcome> done = driver.step();
      if (done.isPresent()) {
        return done.get();
      }
      assertTrue(backend.active().size() <= record.maxParallel(), "in flight: " + backend.active());
      int oldest = backend.active().get(0);
      backend.succeed(record, oldest, "val_loss", objective(journalState().trials().get(oldest).parameters()));
    }
    throw new AssertionError("the driver never finished: " + events);
  }

  /**
   * A random sweep with a max_parallel on Batch: its driver submits the planned draws, in their order,
   * however the trials score, and the trials file ends as the array job's would have been.
   */
  @Test
  void aPlannedSweepsDriverSubmitsThePlannedPointsInOrder() {
    String text = SPEC.replace("method: bayes", "method: random");
    spec = new SpecReader().read(text);
    NewSweep plan = NewSweep.plan(spec, text, SweepId.of("drv-1"), layout, SweepRecord.Backend.AWS, "queue", "definition",
        Instant.parse("2026-12-07T00:00:00Z"));
    assertEquals(null, plan.trials(), "nothing written before the driver: it writes the file as it submits");
    record = plan.record();
    new SweepStore(store, layout).writeRecord(record);
    Journal journal = Journal.read(store, layout, record.id(), "test-driver", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    Driver driver = new Driver(new SweepStore(store, layout), record, spec, journal, backend, backend, Proposer.of(spec),
        Clock.systemUTC(), Duration.ZERO, events::add);

    assertEquals(Driver.Outcome.COMPLETED, runToEnd(driver));

    List<Map<String, Object>> planned = plan.planned().trials().stream().map(TrialsFile.Trial::hyperparameters).toList();
    assertEquals(10, planned.size());
    assertEquals(planned, new SweepStore(store, layout).readTrials(record.id()).trials().stream()
        .map(TrialsFile.Trial::hyperparameters).toList());
    for (int i = 0; i < 10; i++) {
      assertEquals(1, backend.jobsOf(i), "jobs of trial " + i);
    }
    // Locally the runner holds max_parallel itself: the same sweep is submitted at once.
    assertFalse(com.batchtrain.invoke.sweep.Driving.required(spec, SweepRecord.Backend.LOCAL));
    assertTrue(com.batchtrain.invoke.sweep.Driving.required(spec, SweepRecord.Backend.AWS));
    assertFalse(com.batchtrain.invoke.sweep.Driving.required(new SpecReader().read(text.replace("max_parallel: 3",
        "max_parallel: 10")), SweepRecord.Backend.AWS), "max_parallel not below the trial count: one array job");
  }

  /** max_parallel counts jobs that run: a trial that published its result holds its slot until its job ends. */
  @Test
  void aPublishedTrialHoldsItsSlotUntilItsJobEnds() {
    Driver driver = driver();
    driver.step();
    assertEquals(List.of(0, 1, 2), backend.active());
    backend.publish(record, 0, "val_loss", 0.5);
    driver.step();
    assertEquals(3, journalState().proposed(), "no fourth trial while t0000's container still runs");
    assertEquals(0, journalState().finishedCount());
    backend.succeed(record, 0, "val_loss", 0.5);
    driver.step();
    assertEquals(4, journalState().proposed());
    assertEquals(1, journalState().finishedCount());
  }

  @Test
  void keepsMaxParallelInFlightAndRunsExactlyThePlannedTrials() {
    Driver driver = driver();
    assertEquals(Optional.empty(), driver.step());
    assertEquals(3, backend.active().size(), "the first step fills every slot");

    assertEquals(Driver.Outcome.COMPLETED, runToEnd(driver));

    assertEquals(10, backend.trialsWithJobs());
    for (int i = 0; i < 10; i++) {
      assertEquals(1, backend.jobsOf(i), "jobs of trial " + i);
    }
    DriveState state = journalState();
    assertEquals(10, state.proposed());
    assertEquals(10, state.finishedCount());
    assertTrue(state.ended().isPresent());
    TrialsFile trials = new SweepStore(store, layout).readTrials(record.id());
    assertEquals(10, trials.trials().size());
    for (TrialsFile.Trial t : trials.trials()) {
      Map<String, Object> hp = t.hyperparameters();
      assertEquals("sgd".equals(hp.get("optimizer")), hp.containsKey("momentum"), "momentum only with sgd: " + hp);
    }
    // The sweep record names every Batch job, from the journal: status and cancel read them there.
    assertEquals(10, new SweepStore(store, layout).readRecord(record.id()).submissions().size());
  }

  /**
   * A driver killed at each point of submitting trial {@code at} (before the trials file holds it,
   * after Batch accepted its job but before the journal says so, before the record was rewritten),
   * then started again from nothing but the journal: every planned trial runs, each exactly once.
   */
  @ParameterizedTest(name = "killed {0} of trial {1}")
  @CsvSource({"before-trials-file, 0", "before-trials-file, 4", "after-submit, 0", "after-submit, 5",
      "before-record, 2", "before-record, 7"})
  void killedAtAnyPointAndRestartedSubmitsEveryTrialOnce(String where, int at) {
    Driver first = driver();
    switch (where) {
      case "before-trials-file" -> store.crashOnWrite(layout.trialsFile(record.id()), at + 1);
      case "after-submit" -> backend.crashAfterLaunches = at;
      case "before-record" -> store.crashOnWrite(layout.sweepRecord(record.id()), at + 1);
      default -> throw new IllegalArgumentException(where);
    }
    assertThrows(RuntimeException.class, () -> runToEnd(first));
    store.crashOnWrite(null, 0);

    assertEquals(Driver.Outcome.COMPLETED, runToEnd(driver()));

    assertEquals(10, backend.trialsWithJobs());
    for (int i = 0; i < 10; i++) {
      assertEquals(1, backend.jobsOf(i), "jobs of trial " + i + " (" + events + ")");
    }
    assertEquals(10, journalState().proposed());
    assertEquals(10, new SweepStore(store, layout).readTrials(record.id()).trials().size());
  }

  @Test
  void proposalsMadeBeforeAKillAreKeptNotDrawnAgain() {
    Driver first = driver();
    first.step();
    List<Map<String, Object>> before = journalState().trials().stream().map(DriveState.TrialRecord::parameters).toList();
    TrialsFile fileBefore = new SweepStore(store, layout).readTrials(record.id());

    runToEnd(driver());

    List<Map<String, Object>> after = journalState().trials().stream().map(DriveState.TrialRecord::parameters).toList();
    assertEquals(before, after.subList(0, before.size()));
    assertEquals(fileBefore.trials(), new SweepStore(store, layout).readTrials(record.id()).trials().subList(0, 3));
  }

  @Test
  void aStoppedTrialIsRerunUpToTheSweepsAttemptsThenLeft() {
    Driver driver = driver();
    driver.step();
    backend.end(0, TrialState.STOPPED);
    driver.step();
    assertEquals(2, backend.jobsOf(0), "re-run after it stopped");
    backend.end(0, TrialState.STOPPED);
    driver.step();

    assertEquals(2, backend.jobsOf(0), "attempts: 2 (retries 1), so no third job");
    DriveState state = journalState();
    assertEquals("stopped", state.trials().get(0).finished().orElseThrow().state());
    // Its slot is free again: another trial took it.
    assertEquals(3, backend.active().size());
    assertEquals(4, state.proposed());
  }

  @Test
  void aFailedTrialIsNotRerun() {
    Driver driver = driver();
    driver.step();
    backend.end(1, TrialState.FAILED);
    driver.step();

    assertEquals(1, backend.jobsOf(1));
    assertEquals("failed", journalState().trials().get(1).finished().orElseThrow().state());
  }

  @Test
  void givesUpWhenTheFirstTrialsAllFail() {
    Driver driver = driver();
    Optional<Driver.Outcome> outcome = Optional.empty();
    for (int guard = 0; guard < 20 && outcome.isEmpty(); guard++) {
      outcome = driver.step();
      backend.active().forEach(i -> backend.end(i, TrialState.FAILED));
    }

    assertEquals(Optional.of(Driver.Outcome.GAVE_UP), outcome);
    assertEquals(3, backend.trialsWithJobs(), "no trial beyond the first max_parallel: " + events);
    assertTrue(journalState().ended().orElseThrow().contains("the first 3 trials all failed"));
  }

  @Test
  void cancelStopsProposingAndStopsWhatTheDriverSubmitted() {
    Driver driver = driver();
    driver.step();
    Journal other = Journal.read(store, layout, record.id(), "invoke-jobs cancel", Clock.systemUTC());
    other.append(List.of(new JournalEvent.Cancelled("2026-12-07T00:00:01Z")));
    backend.succeed(record, 0, "val_loss", 1.0);

    assertEquals(Optional.of(Driver.Outcome.CANCELLED), driver.step());
    assertEquals(3, backend.trialsWithJobs(), "nothing submitted after the cancel");
    assertEquals(1, backend.cancels);
    assertEquals(Optional.of(Driver.Outcome.CANCELLED), driver().step(), "a later driver does nothing either");
  }

  @Test
  void aSecondDriverWritingTheJournalStopsThisOne() {
    Driver other = driver();
    Journal journal = Journal.read(store, layout, record.id(), "this-driver", Clock.systemUTC());
    // While this driver decides its first proposal, another one writes a step of its own.
    Proposer interleaved = (index, finished, running) -> {
      other.step();
      return Map.of("lr", 0.1, "optimizer", "adam");
    };
    Driver driver = new Driver(new SweepStore(store, layout), record, spec, journal, backend, backend, interleaved,
        Clock.systemUTC(), Duration.ZERO, events::add);

    AnotherDriverException e = assertThrows(AnotherDriverException.class, driver::step);
    assertTrue(e.getMessage().contains("test-driver"), e.getMessage());
    assertFalse(journalState().trials().stream().anyMatch(t -> t.parameters().equals(Map.of("lr", 0.1, "optimizer", "adam"))),
        "this driver's proposal was not journaled");
  }

  /**
   * What sweep does before the staging job: the first max_parallel trials proposed and in the trials
   * file (the staging job checks the data against it), nothing submitted; the driver submits them.
   */
  @Test
  void theFirstProposalsAreWrittenBeforeAnythingIsSubmittedThenTheDriverSubmitsThem() {
    driver().proposeFirst();
    assertEquals(0, backend.trialsWithJobs());
    assertEquals(3, new SweepStore(store, layout).readTrials(record.id()).trials().size());
    assertEquals(3, journalState().unsubmitted().size());

    driver().step();
    assertEquals(3, backend.trialsWithJobs());
    for (int i = 0; i < 3; i++) {
      assertEquals(1, backend.jobsOf(i));
    }
    assertEquals(3, journalState().proposed(), "no proposal beyond the slots");
  }

  @Test
  void aFailedStagingJobEndsTheSweepInsteadOfRerunningEveryTrial() {
    Driver driver = driver();
    driver.step();
    backend.blocked = "the dataset staging job j-1 failed, so no trial can run";
    backend.active().forEach(i -> backend.end(i, TrialState.STOPPED));

    assertEquals(Optional.of(Driver.Outcome.GAVE_UP), driver.step());
    for (int i = 0; i < 3; i++) {
      assertEquals(1, backend.jobsOf(i), "not re-run: trial " + i);
    }
    assertTrue(journalState().ended().orElseThrow().contains("staging job j-1 failed"), journalState().toString());
  }

  /**
   * The sweep's max_cost, held by the driver: one trial costs $1 (an hour at $1/h), a running one has
   * spent $0.50. Before each submission, what was spent, what the trials in flight may still spend and
   * one more trial must fit $5.50. After the fifth trial is submitted and the third ends, they would not
   * ($4 spent, $1 in flight, $1 next): nothing more is submitted, the two in flight finish, and the
   * sweep ends at max_cost with $5 spent of $5.50.
   */
  @Test
  void maxCostStopsSubmittingWhenOneMoreTrialCouldPassIt() {
    InstancePrice node = new InstancePrice("us-east-1", "p3.8xlarge", 32, 249_856, 4, 4, 4, "2026-12-07");
    InstanceOption quarter = InstanceOption.of(8, 59_392, 1, node);
    Placement placement = Placement.on(quarter, Market.SPOT);
    // 10 epochs of 360 s, no start-up: one hour per trial, at a quarter of a $4/h node.
    CostEstimate estimate = CostEstimate.of(record.trialCount(), Range.of(10), java.util.OptionalDouble.empty(),
        Optional.of(EpochTimes.of(360, 360)), 0, placement, "test").orElseThrow();
    Instant t0 = Instant.parse("2026-12-07T00:00:00Z");
    AttemptHistory history = new AttemptHistory() {
      @Override
      public List<AttemptUsage> attempts(SweepRecord r, Instant now) {
        List<AttemptUsage> out = new ArrayList<>();
        backend.existing(r).forEach((trial, launches) -> {
          boolean running = backend.active().contains(trial);
          out.add(AttemptUsage.of(TrialId.ofIndex(trial).value(), t0, t0.plusSeconds(running ? 1800 : 3600), quarter,
              Market.SPOT, running ? AttemptUsage.Fate.RUNNING : AttemptUsage.Fate.ENDED_TRIAL));
        });
        return out;
      }

      @Override
      public boolean billed() {
        return true;
      }
    };
    Journal journal = Journal.read(store, layout, record.id(), "test-driver", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    Driver driver = new Driver(new SweepStore(store, layout), record, spec, journal, backend, backend,
        new SamplerProposer(Samplers.forBayes(), SearchSpace.of(spec), spec.seed()), Clock.systemUTC(), Duration.ZERO,
        events::add, new CostBudget(new Budget(5.5), estimate.forTrials(1).ceilingDollars(Market.SPOT), history,
            Clock.systemUTC()));

    assertEquals(Driver.Outcome.BUDGET_REACHED, runToEnd(driver));

    assertEquals(5, backend.trialsWithJobs(), "trials submitted: " + events);
    assertTrue(events.contains("driver: no more trials are submitted: max_cost: expected at least the estimate of the"
        + " money spent, in flight and the next trial ($6.00, of which $4.00 spent), got $5.50; the sweep ends when the"
        + " 2 trial(s) in flight have"), String.join("\n", events));
    String ended = journalState().ended().orElseThrow();
    assertTrue(ended.startsWith("stopped at max_cost after 5 of 10 trials: "), ended);
    assertEquals(5.0, SweepUsage.of(history.attempts(record, Instant.now()), true).dollars(), 1e-9);
    // A driver started again finds the sweep ended: it submits nothing more.
    assertEquals(Optional.of(Driver.Outcome.BUDGET_REACHED), driver().step());
    assertEquals(5, backend.trialsWithJobs());
  }

  /**
   * The trials proposed before the staging job (sweep proposes the first max_parallel, a driver
   * submits them) and a stopped trial's re-run are held to the limit as a new trial is.
   */
  @Test
  void proposalsFromBeforeTheDriverStartedAndReRunsAreHeldToTheLimitToo() {
    driver().proposeFirst();
    assertEquals(3, journalState().proposed());
    SpendingLimit twoJobs = (r, state) -> state.trials().stream().mapToInt(t -> t.submissions().size()).sum() >= 2
        ? Optional.of("max_cost: two jobs only") : Optional.empty();
    Journal journal = Journal.read(store, layout, record.id(), "test-driver", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    Driver limited = new Driver(new SweepStore(store, layout), record, spec, journal, backend, backend,
        new SamplerProposer(Samplers.forBayes(), SearchSpace.of(spec), spec.seed()), Clock.systemUTC(), Duration.ZERO,
        events::add, twoJobs);

    assertEquals(Optional.empty(), limited.step());
    assertEquals(2, backend.trialsWithJobs(), "two of the three proposals submitted: " + events);
    // Trial 0 stops (a reclaim, say): its re-run would be a third job.
    backend.end(0, TrialState.STOPPED);
    backend.succeed(record, 1, "val_loss", 0.5);
    assertEquals(Optional.of(Driver.Outcome.BUDGET_REACHED), limited.step());
    assertEquals(1, backend.jobsOf(0), "not re-run");
    DriveState state = journalState();
    assertEquals("stopped", state.trials().get(0).finished().orElseThrow().state());
    assertTrue(state.trials().get(0).finished().get().detail().contains("not re-run: max_cost: two jobs only"),
        state.trials().get(0).toString());
    assertEquals("stopped at max_cost after 2 of 10 trials: max_cost: two jobs only", state.ended().orElseThrow());
  }
}
