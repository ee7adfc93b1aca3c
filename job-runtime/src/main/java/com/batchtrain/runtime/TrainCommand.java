package com.batchtrain.runtime;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.Manifest;
import com.batchtrain.runtime.model.StopSignal;
import com.batchtrain.runtime.model.ThreadPools;
import com.batchtrain.runtime.spec.ModelOptions;
import com.batchtrain.runtime.spec.TrainRequest;
import com.batchtrain.runtime.spec.TrialSpec;
import com.batchtrain.runtime.spec.TrialSpecResolver;
import com.batchtrain.runtime.spec.ResolvedTrial;
import com.batchtrain.runtime.command.CommandTrialRunner;
import com.batchtrain.runtime.command.CommandTrialSpec;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
        "Trains one trial and publishes it to <results>/sweeps/<sweep>/trials/<trial>/ (manifest.json last).",
        "Either a sweep trial: --trials (BT_TRIALS_URI) + index (AWS_BATCH_JOB_ARRAY_INDEX or BT_TRIAL_INDEX),",
        "or a single trial: --preset (or a model declared by --task --target [--features|--ignore --classes]), --data, --hp name=value ...",
        "Options override the same-named BT_* variables."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:trial published (manifest written)",
        "64:bad input: option, variable, hyperparameter, URI, objective, trials file/index",
        "65:bad data: missing column, NaN, malformed CSV/TFRecord",
        "70:internal error (a bug)",
        "75:transient: storage unreachable, local I/O, SIGTERM after a final checkpoint (retry resumes)"})
final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
  /** Batch sends SIGKILL some time after SIGTERM; a checkpoint of a small MLP takes well under this. */
  private static final long STOP_GRACE_SECONDS = 60;

  @Option(names = "--sweep-id", paramLabel = "ID", description = "sweep id (env BT_SWEEP_ID; default 'local' for a single trial)")
  String sweepId;

  @Option(names = "--trials", paramLabel = "URI", description = "trials file URI (env BT_TRIALS_URI)")
  String trials;

  @Option(names = "--trial-index", paramLabel = "N", description = "index into the trials file (env AWS_BATCH_JOB_ARRAY_INDEX, BT_TRIAL_INDEX)")
  String trialIndex;

  @Option(names = "--preset", paramLabel = "PRESET", description = "calcloud-memory-bin, calcloud-memory or calcloud-wallclock (default: the trials file's); not with --task etc.")
  String preset;

  @Option(names = "--task", paramLabel = "TASK", description = "declare the model by columns instead of a preset: classification or regression")
  String task;

  @Option(names = "--features", paramLabel = "COLS", description = "declared model: comma-separated feature column names (default: every column but the target and --ignore)")
  String features;

  @Option(names = "--ignore", paramLabel = "COLS", description = "declared model without --features: comma-separated columns that are not features")
  String ignore;

  @Option(names = "--target", paramLabel = "COL", description = "declared model: target column (a classifier's holds labels 0..N-1 or strings)")
  String target;

  @Option(names = "--classes", paramLabel = "N", description = "declared classifier: number of classes (>= 2; default: from the data)")
  String classes;

  @Option(names = "--class-names", paramLabel = "NAMES", description = "declared classifier: comma-separated class names in class order: names of labels 0..N-1, or the string labels themselves (default class0,class1,... / sorted labels)")
  String classNames;

  @Option(names = "--data", paramLabel = "URI", description = "dataset URI: a CSV/TFRecord file or directory, s3:// or file:// (env BT_DATA_URI)")
  String data;

  @Option(names = "--results", paramLabel = "URI", description = "results store root URI (env BT_RESULTS_URI)")
  String results;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "dataset cache directory (env BT_CACHE_DIR; default ~/.cache/batchtrain)")
  String cacheDir;

  @Option(names = "--checkpoint-root", paramLabel = "DIR", description = "run directories root (env BT_CHECKPOINT_ROOT; default <tmp>/batchtrain-runs)")
  String checkpointRoot;

  @Option(names = "--hp", paramLabel = "NAME=VALUE", description = "hyperparameter name=value, repeatable: hidden_units=64,64 activation=relu dropout learning_rate batch_size epochs optimizer=adam|sgd l2 seed")
  Map<String, String> hyperparameters = new LinkedHashMap<>();

  @Option(names = "--objective", paramLabel = "METRIC:GOAL", description = "metric:goal used to select the checkpoint, e.g. val_accuracy:maximize (default: trials file's, else val_loss:minimize)")
  String objective;

  @Option(names = "--checkpoint-every-epochs", paramLabel = "N", defaultValue = "1", description = "checkpoint every N epochs (default ${DEFAULT-VALUE})")
  int checkpointEveryEpochs;

  @Option(names = "--checkpoint-every-minutes", paramLabel = "M", defaultValue = "10", description = "also checkpoint mid-epoch after M minutes; 0 disables (default ${DEFAULT-VALUE})")
  double checkpointEveryMinutes;

  @Option(names = "--keep-top-k", paramLabel = "K", defaultValue = "3", description = "epoch checkpoints kept by the objective, besides the newest (default ${DEFAULT-VALUE})")
  int keepTopK;

  @picocli.CommandLine.ParentCommand
  Main main;

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    FailureRecorder failures = main == null ? FailureRecorder.disabled() : main.failures();
    TrainRequest request = new TrainRequest(opt(sweepId), opt(trials), opt(trialIndex), opt(preset), opt(data), opt(results),
        opt(cacheDir), opt(checkpointRoot), opt(objective), hyperparameters, checkpointEveryEpochs, checkpointEveryMinutes, keepTopK,
        new ModelOptions(opt(task), opt(features), opt(target), opt(classes), opt(classNames), opt(ignore)));
    ResolvedTrial resolved = new TrialSpecResolver(env, uri -> {
      try (ObjectStore s = ObjectStores.open(uri, env)) {
        return s.read(uri);
      }
    }).resolveAny(request);
    // A sweep trial records why an attempt failed under its own key (the trials file's sweep and trial).
    if (resolved.trialsUri().isPresent()) {
      failures.target(new FailureRecorder.Target(resolved.resultsUri(), resolved.sweepId(), Optional.of(resolved.trialId()),
          com.batchtrain.contract.JobEnv.attempt(env)));
    }
    // Every later log line (JSON field / MDC) names the trial, so interleaved Batch logs can be split.
    org.slf4j.MDC.put("sweep", resolved.sweepId().value());
    org.slf4j.MDC.put("trial", resolved.trialId().value());
    if (resolved instanceof CommandTrialSpec command) {
      return runCommand(command, env, failures);
    }
    TrialSpec spec = (TrialSpec) resolved;
    LOG.info("trial {}/{}: preset {}, data {}, results {}, hyperparameters {}, objective {} {}", spec.sweepId(), spec.trialId(),
        spec.preset().name(), spec.dataUri(), spec.resultsUri(), spec.hyperparameters().toMap(), spec.objective().metric(),
        spec.objective().goal().json());
    // Checks BT_VCPUS (exit 64 when bad) and logs TF's pool sizes before any data is read.
    ThreadPools.process();

    StopSignal stop = new StopSignal();
    AtomicBoolean finished = new AtomicBoolean();
    // A signal handler, not a shutdown hook: a hook runs while the JVM shuts down, in parallel with
    // the CRT's own hook that stops its event loops, so the final checkpoint's upload to S3 never
    // completed and the job was SIGKILLed (exit 137) instead of exiting 75.
    Signal.handle(new Signal("TERM"), signal -> {
      Thread t = new Thread(() -> onTerminate(stop, finished, failures), "sigterm-checkpoint");
      t.setDaemon(true);
      t.start();
    });
    try (Stores stores = Stores.open(spec, env)) {
      Manifest m = new TrialRunner(stores.results, stores.data, stop).run(spec);
      LOG.info("published {} files for trial {}/{}: {}", m.files().size(), spec.sweepId(), spec.trialId(),
          spec.layout().manifest(spec.sweepId(), spec.trialId()));
      return ExitCode.SUCCESS.code();
    } finally {
      finished.set(true);
    }
  }

  /**
   * A command trainer's trial. SIGTERM is forwarded to the command (SIGKILL after the grace); the
   * harness then records the stop and exits 75, so Batch retries and the retry resumes from the
   * newest announced checkpoint.
   */
  private static int runCommand(CommandTrialSpec spec, Map<String, String> env, FailureRecorder failures) {
    LOG.info("trial {}/{}: command trainer, data {}, results {}, hyperparameters {}, objective {} {}", spec.sweepId(), spec.trialId(),
        spec.dataUri(), spec.resultsUri(), spec.hyperparameters(), spec.objective().metric(), spec.objective().goal().json());
    StopSignal stop = new StopSignal();
    AtomicBoolean finished = new AtomicBoolean();
    Signal.handle(new Signal("TERM"), signal -> {
      Thread t = new Thread(() -> {
        if (finished.get()) {
          return;
        }
        stop.request();
        String outcome = "stopped by SIGTERM: the trainer was stopped; a retry resumes from its newest announced checkpoint";
        try {
          // The runner forwards SIGTERM, waits the grace, kills what is left and acknowledges.
          if (!stop.awaitAcknowledged(spec.stopGraceSeconds() + 5L, TimeUnit.SECONDS)) {
            outcome = "stopped by SIGTERM; the trainer did not stop within " + spec.stopGraceSeconds() + " s";
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        failures.write(ExitCode.TRANSIENT.code(), outcome);
        Runtime.getRuntime().halt(ExitCode.TRANSIENT.code());
      }, "sigterm-trainer");
      t.setDaemon(true);
      t.start();
    });
    try (Stores stores = Stores.open(spec, env)) {
      Manifest m = new CommandTrialRunner(stores.results, stores.data, stop, env).run(spec);
      LOG.info("published {} files for trial {}/{}: {}", m.files().size(), spec.sweepId(), spec.trialId(),
          spec.layout().manifest(spec.sweepId(), spec.trialId()));
      return ExitCode.SUCCESS.code();
    } finally {
      finished.set(true);
    }
  }

  /** The results store and the data's store: one client (and one CRT event loop) when they share a scheme. */
  private record Stores(ObjectStore results, ObjectStore data) implements AutoCloseable {
    static Stores open(ResolvedTrial trial, Map<String, String> env) {
      ObjectStore results = ObjectStores.open(trial.resultsUri(), env);
      return new Stores(results, trial.dataUri().scheme() == trial.resultsUri().scheme() ? results : ObjectStores.open(trial.dataUri(), env));
    }

    @Override
    public void close() {
      if (data != results) {
        data.close();
      }
      results.close();
    }
  }

  /**
   * SIGTERM (spot reclaim, job cancel): ask the loop for a final checkpoint, wait for it, and exit
   * TRANSIENT so Batch retries and the retry resumes. Outside training there is nothing to save.
   */
  private static void onTerminate(StopSignal stop, AtomicBoolean finished, FailureRecorder failures) {
    if (finished.get()) {
      return;
    }
    stop.request();
    if (!stop.training()) {
      LOG.warn("SIGTERM outside training: nothing to checkpoint; exiting for a retry");
      failures.write(ExitCode.TRANSIENT.code(),
          "stopped by SIGTERM outside training (nothing to checkpoint); a retry resumes from the last checkpoint");
      Runtime.getRuntime().halt(ExitCode.TRANSIENT.code());
    }
    LOG.warn("SIGTERM: requesting a final checkpoint");
    String outcome = "stopped by SIGTERM after a final checkpoint; a retry resumes from it";
    try {
      if (!stop.awaitAcknowledged(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("no checkpoint within {}s (not training yet or still saving); exiting", STOP_GRACE_SECONDS);
        outcome = "stopped by SIGTERM with no checkpoint within " + STOP_GRACE_SECONDS + " s; a retry resumes from the last one";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Before the halt (no shutdown hook runs after it); bounded, and it never changes the exit code.
    failures.write(ExitCode.TRANSIENT.code(), outcome);
    // halt, not exit: no shutdown hook needs to run, and the exit code must be 75 whatever the main
    // thread is doing. Halting even if the command just returned: the retry resumes from the checkpoint either way.
    Runtime.getRuntime().halt(ExitCode.TRANSIENT.code());
  }

  private static Optional<String> opt(String s) {
    return Optional.ofNullable(s);
  }

}
