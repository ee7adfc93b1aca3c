package com.batchtrain.runtime.spec;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.contract.TrainerSpec;
import com.batchtrain.contract.CommandContract;
import com.batchtrain.runtime.command.CommandTrialSpec;
import com.batchtrain.runtime.checkpoint.CheckpointPolicy;
import com.batchtrain.contract.preset.Preset;
import com.batchtrain.contract.preset.Presets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a {@link TrainRequest} and the environment into a {@link TrialSpec}. Two modes: a sweep
 * trial (a trials file plus an index from {@code AWS_BATCH_JOB_ARRAY_INDEX} or
 * {@code BT_TRIAL_INDEX}), or a single trial described by options. Every problem is an
 * {@link InvalidValueException} naming the option or variable.
 */
public final class TrialSpecResolver {
  /** Sweep id of a single trial run by hand without one. */
  public static final String DEFAULT_SWEEP_ID = "local";

  private final Map<String, String> env;
  private final Function<StorageUri, byte[]> reader;

  /** {@code reader} fetches the trials file (it may fail with storage exceptions). */
  public TrialSpecResolver(Map<String, String> env, Function<StorageUri, byte[]> reader) {
    this.env = Map.copyOf(env);
    this.reader = reader;
  }

  /** A built-in trainer's trial; a command trainer's trials file is refused (use {@link #resolveAny}). */
  public TrialSpec resolve(TrainRequest r) {
    ResolvedTrial t = resolveAny(r);
    if (t instanceof TrialSpec spec) {
      return spec;
    }
    throw new InvalidValueException("trials file trainer", "the built-in trainer here", "a command trainer");
  }

  /** The trial: a {@link TrialSpec} of the built-in trainer, or a {@link CommandTrialSpec} when the trials file names a command. */
  public ResolvedTrial resolveAny(TrainRequest r) {
    CheckpointPolicy policy = new CheckpointPolicy(r.checkpointEveryEpochs(), r.checkpointEveryMinutes(), r.keepTopK());
    StorageUri results = StorageUri.parse("--results / " + JobEnv.RESULTS_URI,
        pick(r.resultsUri(), JobEnv.RESULTS_URI).orElseThrow(() ->
            new InvalidValueException("--results / " + JobEnv.RESULTS_URI, "the results store URI (s3://bucket/ or file:///dir/)", null)));
    Optional<StorageUri> dataOverride = pick(r.dataUri(), JobEnv.DATA_URI).map(s -> StorageUri.parse("--data / " + JobEnv.DATA_URI, s));
    Path cache = pick(r.cacheDir(), JobEnv.CACHE_DIR).map(Path::of).orElse(JobEnv.defaultCacheDir());
    Path runs = pick(r.checkpointRoot(), JobEnv.CHECKPOINT_ROOT).map(Path::of)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "batchtrain-runs"));
    Optional<String> trials = pick(r.trialsUri(), JobEnv.TRIALS_URI);
    Optional<Objective> objectiveOption = r.objective().map(TrialSpecResolver::objective);
    // Checked before the declaration itself, so a half-declared model next to --preset reports the conflict.
    if (r.preset().isPresent() && r.model().any()) {
      throw new InvalidValueException("--preset / " + MODEL_OPTIONS, "either a preset or a model declared by columns, not both",
          r.preset().get());
    }
    Optional<ModelSpec> modelOption = declaredModel(r.model());
    // An explicit option (either kind) replaces whatever model the trials file names.
    Optional<Preset> presetOption = r.preset().map(Presets::byName).or(() -> modelOption.map(Presets::declared));

    if (trials.isPresent()) {
      if (!r.hyperparameters().isEmpty()) {
        throw new InvalidValueException("--hp", "no --hp with a trials file (the trial's hyperparameters come from it)", r.hyperparameters().keySet());
      }
      StorageUri trialsUri = StorageUri.parse("--trials / " + JobEnv.TRIALS_URI, trials.get());
      int index = trialIndex(r).orElseThrow(() -> new InvalidValueException(
          "--trial-index / " + JobEnv.ARRAY_INDEX + " / " + JobEnv.TRIAL_INDEX, "the trial's index in the trials file", null));
      // Validate everything available locally before reading the trials file.
      Optional<String> sweepOverride = pick(r.sweepId(), JobEnv.SWEEP_ID);
      sweepOverride.ifPresent(SweepId::of);
      TrialsFile file = TrialsFile.fromJson(reader.apply(trialsUri));
      if (sweepOverride.isPresent() && !sweepOverride.get().equals(file.sweepId())) {
        throw new InvalidValueException("--sweep-id / " + JobEnv.SWEEP_ID, "the trials file's sweep id " + file.sweepId(), sweepOverride.get());
      }
      TrialsFile.Trial trial = file.trial(index);
      if (!file.trainerOrBuiltin().isBuiltin()) {
        if (r.preset().isPresent() || r.model().any()) {
          throw new InvalidValueException("--preset / " + MODEL_OPTIONS, "none with a command or Java trainer's trials file (the trainer is the model)",
              r.preset().orElse("a model declaration"));
        }
        return commandTrial(file, trial, objectiveOption, dataOverride, results, trialsUri, cache, runs, r.keepTopK());
      }
      Preset preset = presetOption.orElseGet(() -> file.model() != null ? Presets.declared(file.model()) : Presets.byName(file.preset()));
      Hyperparameters hp = Hyperparameters.parse(trial.hyperparameters());
      StorageUri data = dataOverride.orElseGet(() -> StorageUri.parse("trials file dataUri", file.dataUri()));
      Objective objective = checkedObjective(preset, objectiveOption.orElse(
          file.objective() == null ? preset.defaultObjective() : file.objective()));
      return new TrialSpec(SweepId.of(file.sweepId()), TrialId.of(trial.trialId()), preset, hp, objective, data, results,
          Optional.of(trialsUri), cache, runs, policy, Optional.ofNullable(file.earlyStopping()));
    }
    Preset preset = presetOption.orElseThrow(() ->
        new InvalidValueException("--preset", "a preset name (one of " + Presets.all().stream().map(Preset::name).toList()
            + "), a model declared by " + MODEL_OPTIONS + ", or a trials file (--trials / " + JobEnv.TRIALS_URI + ")", null));
    Hyperparameters hp = Hyperparameters.parse(r.hyperparameters());
    StorageUri data = dataOverride.orElseThrow(() ->
        new InvalidValueException("--data / " + JobEnv.DATA_URI, "the dataset URI (a CSV/TFRecord file or a directory)", null));
    SweepId sweep = SweepId.of(pick(r.sweepId(), JobEnv.SWEEP_ID).orElse(DEFAULT_SWEEP_ID));
    TrialId trial = TrialId.ofIndex(trialIndex(r).orElse(0));
    Objective objective = checkedObjective(preset, objectiveOption.orElse(preset.defaultObjective()));
    return new TrialSpec(sweep, trial, preset, hp, objective, data, results, Optional.empty(), cache, runs, policy, Optional.empty());
  }

  private CommandTrialSpec commandTrial(TrialsFile file, TrialsFile.Trial trial, Optional<Objective> objectiveOption,
      Optional<StorageUri> dataOverride, StorageUri results, StorageUri trialsUri, Path cache, Path runs, int keepTopK) {
    TrainerSpec trainer = file.trainer();
    List<String> argv = trainer.isCommand() ? trainer.template().render(trial.hyperparameters()) : List.of();
    StorageUri data = dataOverride.orElseGet(() -> StorageUri.parse("trials file dataUri", file.dataUri()));
    Optional<Path> dir = env(JobEnv.COMMAND_DIR).map(d -> {
      Path p = Path.of(d);
      if (!p.isAbsolute() || !java.nio.file.Files.isDirectory(p)) {
        throw new InvalidValueException(JobEnv.COMMAND_DIR, "an existing directory (absolute path) to run the trainer in", d);
      }
      return p;
    });
    return new CommandTrialSpec(SweepId.of(file.sweepId()), TrialId.of(trial.trialId()), trainer, argv, trial.hyperparameters(),
        objectiveOption.orElse(file.objective()), data, results, Optional.of(trialsUri), cache, runs, dir,
        CommandContract.stopGraceSeconds(env), keepTopK, Optional.ofNullable(file.earlyStopping()));
  }

  private static final String MODEL_OPTIONS = "--task/--features/--target/--classes/--class-names/--ignore";

  /**
   * The model declared by options, if any was given. Errors name the option; {@link ModelSpec}'s own
   * checks (unique features, target not a feature, class count) are re-labelled from its
   * {@code model.*} field to the option the user typed.
   */
  static Optional<ModelSpec> declaredModel(ModelOptions o) {
    if (!o.any()) {
      return Optional.empty();
    }
    String task = o.task().orElseThrow(() -> new InvalidValueException("--task", "classification or regression (with --target)", null));
    String target = o.target().orElseThrow(() -> new InvalidValueException("--target", "the target column name", null));
    // Without --features: every column but the target and the --ignore ones.
    String features = o.features().orElse(null);
    Integer classes = o.classes().map(c -> {
      try {
        return Integer.valueOf(c.trim());
      } catch (NumberFormatException e) {
        throw new InvalidValueException("--classes", "an integer >= 2", c);
      }
    }).orElse(null);
    try {
      return Optional.of(new ModelSpec(ModelSpec.Task.parse(task), features == null ? null : list(features), target.trim(), classes,
          o.classNames().map(TrialSpecResolver::list).orElse(null), o.ignore().map(TrialSpecResolver::list).orElse(null)));
    } catch (InvalidValueException e) {
      String option = switch (e.field()) {
        case "model.task" -> "--task";
        case "model.features" -> "--features";
        case "model.target" -> "--target";
        case "model.classes" -> "--classes";
        case "model.classNames" -> "--class-names";
        case "model.ignore" -> "--ignore";
        default -> e.field();
      };
      Object given = switch (option) {
        case "--task" -> task;
        case "--features" -> features;
        case "--target" -> target;
        case "--classes" -> o.classes().orElse(null);
        case "--class-names" -> o.classNames().orElse(null);
        case "--ignore" -> o.ignore().orElse(null);
        default -> null;
      };
      throw new InvalidValueException(option, e.expected().replace("model.features", "--features").replace("model.target", "--target"),
          given);
    }
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",", -1)).map(String::trim).toList();
  }

  private Optional<Integer> trialIndex(TrainRequest r) {
    String field = "--trial-index / " + JobEnv.ARRAY_INDEX + " / " + JobEnv.TRIAL_INDEX;
    Optional<String> text = r.trialIndex().or(() -> env(JobEnv.ARRAY_INDEX)).or(() -> env(JobEnv.TRIAL_INDEX));
    return text.map(t -> {
      try {
        int i = Integer.parseInt(t.trim());
        if (i < 0) {
          throw new NumberFormatException();
        }
        return i;
      } catch (NumberFormatException e) {
        throw new InvalidValueException(field, "a non-negative integer", t);
      }
    });
  }

  static Objective objective(String text) {
    String[] parts = text.split(":");
    if (parts.length != 2) {
      throw new InvalidValueException("--objective", "metric:goal, e.g. val_accuracy:maximize", text);
    }
    return new Objective(parts[0].trim(), Objective.Goal.parse(parts[1]));
  }

  private static Objective checkedObjective(Preset preset, Objective o) {
    if (!preset.validationMetrics().contains(o.metric())) {
      throw new InvalidValueException("objective.metric", "one of " + preset.validationMetrics() + " for preset " + preset.name(), o.metric());
    }
    return o;
  }

  private Optional<String> pick(Optional<String> option, String variable) {
    return option.filter(s -> !s.isBlank()).or(() -> env(variable));
  }

  private Optional<String> env(String variable) {
    return Optional.ofNullable(env.get(variable)).filter(s -> !s.isBlank());
  }
}
