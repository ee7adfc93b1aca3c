package com.batchtrain.runtime;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves the failure record of this attempt ({@link FailureRecord}, docs/job-contract.md "Failure
 * records") in the results store before the process exits with a failure code: the trial's for
 * {@code train} in a sweep, the sweep's staging record for {@code stage}.
 *
 * <p>Best effort by design: when the results store or the sweep is not known (the failure came
 * first), or the store cannot be written (unreachable, denied), it logs why and returns; it never
 * throws and never changes the exit code. Only {@link Main#main} writes ({@link #forProcess}); the
 * in-process {@link Main#run} that tests call records nothing ({@link #disabled}).
 */
final class FailureRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);
  /** Short bounds: the record must not hold up an exit (nor a SIGTERM's exit before Batch's SIGKILL). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** Where this attempt's record goes. {@code trial} is empty for the staging job. */
  record Target(StorageUri results, SweepId sweep, Optional<TrialId> trial, int attempt) {
    StorageUri record() {
      ResultsLayout layout = new ResultsLayout(results);
      return trial.map(t -> layout.trialFailure(sweep, t, attempt)).orElseGet(() -> layout.stageFailure(sweep, attempt));
    }
  }

  /** A target, or why there is none ({@code whyNot} null: the command leaves no record at all). */
  record Resolution(Optional<Target> target, String whyNot) {
    static Resolution none() {
      return new Resolution(Optional.empty(), null);
    }

    static Resolution missing(String why) {
      return new Resolution(Optional.empty(), why);
    }
  }

  private final Map<String, String> env;
  private final Clock clock;
  private final boolean enabled;
  private volatile Resolution resolution = Resolution.none();
  private volatile String reason;
  private boolean written;

  private FailureRecorder(Map<String, String> env, Clock clock, boolean enabled) {
    this.env = Map.copyOf(env);
    this.clock = clock;
    this.enabled = enabled;
  }

  /** The recorder of a job process: writes on {@link #write}. */
  static FailureRecorder forProcess(Map<String, String> env, Clock clock) {
    return new FailureRecorder(env, clock, true);
  }

  /** Collects like {@link #forProcess} but never writes (in-process runs of {@link Main#run}). */
  static FailureRecorder disabled() {
    return new FailureRecorder(Map.of(), Clock.systemUTC(), false);
  }

  Map<String, String> env() {
    return env;
  }

  void resolve(Resolution r) {
    resolution = r;
  }

  /** The definitive target, once the command knows it (train: the resolved sweep trial). */
  void target(Target t) {
    resolution = new Resolution(Optional.of(t), null);
  }

  /** The message behind the failure exit code, as logged. */
  void failed(String message) {
    reason = message;
  }

  /** Writes the record for {@code exitCode} with the last {@link #failed} message; nothing for 0. */
  void write(int exitCode) {
    write(exitCode, reason);
  }

  /**
   * Writes the record once per process (a second call, e.g. the main thread after the SIGTERM
   * handler, waits for the first and returns). Never throws.
   */
  synchronized void write(int exitCode, String message) {
    if (!enabled || exitCode == 0 || written) {
      return;
    }
    written = true;
    Resolution r = resolution;
    if (r.target().isEmpty()) {
      if (r.whyNot() != null) {
        LOG.info("no failure record for this attempt: {}", r.whyNot());
      }
      return;
    }
    Target t = r.target().get();
    StorageUri uri = null;
    try {
      uri = t.record();
      FailureRecord record = FailureRecord.of(t.sweep(), t.trial(), t.attempt(), exitCode, message, clock.instant(),
          FailureRecord.Writer.JOB_RUNTIME);
      try (ObjectStore store = open(t.results())) {
        store.write(uri, record.toJson());
      }
      LOG.info("failure recorded at {} ({}, attempt {})", uri, record.exitClass().id(), t.attempt());
    } catch (Throwable e) {
      LOG.warn("could not record the failure at {} ({}); exiting {} all the same", uri == null ? t.results() : uri,
          FailureRecord.sanitize(String.valueOf(e)), exitCode);
    }
  }

  private ObjectStore open(StorageUri results) {
    return results.isS3()
        ? ObjectStores.open(results, S3Settings.fromEnvironment(env).withTimeouts(CONNECT_TIMEOUT, CALL_TIMEOUT))
        : ObjectStores.open(results, S3Settings.defaults());
  }

  // --- where the record of a command goes, before the command has run -------------------------

  /**
   * The record's place for {@code command}, from its options (as given: {@code option} returns an
   * option's value by its long name) over the contract variables, with the same precedence as the
   * command itself. {@code train} records only sweep trials (a trials file is given); its sweep id
   * must be given too here (the CLI and Batch always set {@code BT_SWEEP_ID}; otherwise the command
   * sets the target itself once it has read the trials file). {@code stage} records when
   * {@code BT_RESULTS_URI} and its sweep ({@code --sweep-id} / {@code BT_SWEEP_ID}) are set (the
   * stage job definition and the CLI's staging request set both). Other
   * commands are no Batch jobs and record nothing.
   */
  static Resolution resolve(String command, Function<String, Optional<String>> option, Map<String, String> env) {
    int attempt = JobEnv.attempt(env);
    try {
      switch (command == null ? "" : command) {
        case "train" -> {
          if (pick(option, "--trials", env, JobEnv.TRIALS_URI).isEmpty()) {
            return Resolution.missing("not a sweep trial (no --trials / " + JobEnv.TRIALS_URI + ")");
          }
          Optional<String> sweep = pick(option, "--sweep-id", env, JobEnv.SWEEP_ID);
          Optional<String> index = pick(option, "--trial-index", env, JobEnv.ARRAY_INDEX)
              .or(() -> blankToEmpty(env.get(JobEnv.TRIAL_INDEX)));
          Optional<String> results = pick(option, "--results", env, JobEnv.RESULTS_URI);
          if (sweep.isEmpty() || index.isEmpty() || results.isEmpty()) {
            return Resolution.missing("the sweep id, trial index or results store is not known (--sweep-id / "
                + JobEnv.SWEEP_ID + ", --trial-index / " + JobEnv.ARRAY_INDEX + ", --results / " + JobEnv.RESULTS_URI + ")");
          }
          int i;
          try {
            i = Integer.parseInt(index.get().trim());
          } catch (NumberFormatException e) {
            return Resolution.missing("the trial index is not a number");
          }
          return new Resolution(Optional.of(new Target(StorageUri.parse(results.get().trim()), SweepId.of(sweep.get().trim()),
              Optional.of(TrialId.ofIndex(i)), attempt)), null);
        }
        case "stage" -> {
          Optional<String> sweep = pick(option, "--sweep-id", env, JobEnv.SWEEP_ID);
          Optional<String> results = blankToEmpty(env.get(JobEnv.RESULTS_URI));
          if (sweep.isEmpty() || results.isEmpty()) {
            return Resolution.missing("not a sweep's staging job (" + JobEnv.SWEEP_ID + " or " + JobEnv.RESULTS_URI + " unset)");
          }
          return new Resolution(Optional.of(new Target(StorageUri.parse(results.get().trim()), SweepId.of(sweep.get().trim()),
              Optional.empty(), attempt)), null);
        }
        default -> {
          return Resolution.none();
        }
      }
    } catch (InvalidValueException e) {
      return Resolution.missing("the results store or sweep is not valid (" + e.getMessage() + ")");
    }
  }

  private static Optional<String> pick(Function<String, Optional<String>> option, String name, Map<String, String> env,
      String variable) {
    return option.apply(name).flatMap(FailureRecorder::blankToEmpty).or(() -> blankToEmpty(env.get(variable)));
  }

  private static Optional<String> blankToEmpty(String s) {
    return Optional.ofNullable(s).filter(v -> !v.isBlank());
  }
}
