package com.batchtrain.invoke.spec;

import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.TrainerSpec;
import com.batchtrain.contract.pruning.EarlyStopping;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A parsed sweep spec (docs/invoke-jobs.md). Every field is already checked; build one with
 * {@link SpecReader}. With the built-in trainer exactly one of {@code preset} and {@code model} is set
 * (the other is null); with a command {@code trainer} neither is (the command is the model), and the
 * parameters are the command's own, open names. {@code earlyStopping} is null when the spec has no
 * {@code early_stopping} (every trial trains all its epochs). {@code conditions} holds, for each
 * parameter declared with {@code when}, the condition under which a trial has it (empty: every
 * parameter is in every trial).
 */
public record SweepSpec(
    String name,
    String preset,
    DataSource data,
    Objective objective,
    Map<String, Parameter> parameters,
    SearchMethod method,
    OptionalInt maxTrials,
    long seed,
    int maxParallel,
    QueueChoice queue,
    Resources resources,
    int retries,
    TimeLimit timeout,
    ModelSpec model,
    TrainerSpec trainer,
    EarlyStopping earlyStopping,
    Map<String, Condition> conditions,
    OptionalDouble maxCost) {

  public SweepSpec {
    // Keeps the spec's order: it is the column order of tables and the grid's nesting order.
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    trainer = trainer == null ? TrainerSpec.builtinMlp() : trainer;
    conditions = conditions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    maxCost = maxCost == null ? OptionalDouble.empty() : maxCost;
  }

  /**
   * True when each trial is proposed from the results of the trials before it ({@code method: bayes}),
   * so that a driver must submit them a few at a time (see {@code Driving} for when other sweeps are driven).
   */
  public boolean adaptive() {
    return method == SearchMethod.BAYES;
  }

  /** True when the user's own trainer (a command or a Java trainer) trains the trials, not the built-in MLP. */
  public boolean commandTrainer() {
    return !trainer.isBuiltin();
  }

  /**
   * What the sweep record and the summary line call the model: the preset's name, the runtime's name
   * for the declared model (custom-classifier, custom-regressor), or for a command trainer
   * {@code command: python3 train.py} ({@link #commandName}).
   */
  public String modelName() {
    if (trainer.isCommand()) {
      return commandName(trainer.command());
    }
    if (trainer.isJava()) {
      return "java: " + trainer.java();
    }
    return preset != null ? preset : com.batchtrain.contract.preset.Presets.declared(model).name();
  }

  /** Longest shown part of a command in its name. */
  static final int COMMAND_NAME_CHARS = 60;

  /**
   * {@code command: } and the program with its leading arguments up to the first long option or
   * placeholder (at most three words, {@value #COMMAND_NAME_CHARS} chars): {@code [python3, train.py,
   * --lr, "{lr}"]} reads {@code command: python3 train.py}, {@code [python3, -m, pkg.train, ...]}
   * {@code command: python3 -m pkg.train}.
   */
  static String commandName(java.util.List<String> command) {
    StringBuilder b = new StringBuilder(command.get(0));
    for (int i = 1; i < command.size() && i < 3; i++) {
      String arg = command.get(i);
      if (arg.startsWith("--") || arg.contains("{") || arg.isBlank()) {
        break;
      }
      b.append(' ').append(arg);
    }
    String shown = b.length() > COMMAND_NAME_CHARS ? b.substring(0, COMMAND_NAME_CHARS - 3) + "..." : b.toString();
    return "command: " + shown;
  }

  /** This spec with {@code resolved} as its model (a declared model whose features were read from the data's header). */
  public SweepSpec withModel(ModelSpec resolved) {
    return new SweepSpec(name, preset, data, objective, parameters, method, maxTrials, seed, maxParallel, queue, resources, retries,
        timeout, resolved, trainer, earlyStopping, conditions, maxCost);
  }

  /** Attempts per trial: the first run plus {@link #retries} re-runs after a transient exit. */
  public int attempts() {
    return retries + 1;
  }
}
