package com.batchtrain.invoke.spec;

import com.batchtrain.contract.CommandTemplate;
import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.StdoutMetrics;
import com.batchtrain.contract.TrainerSpec;
import com.batchtrain.contract.preset.Preset;
import com.batchtrain.contract.preset.Presets;
import com.batchtrain.contract.pruning.EarlyStopping;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a sweep spec from YAML. Every rejection is an {@link InvalidValueException} whose field is
 * the path of the offending value, e.g. {@code parameters.learning_rate.min}.
 *
 * <p>The {@code trainer} decides how the rest is read: the built-in MLP ({@code {builtin: mlp}}, the
 * default) takes a preset or a declared model and the contract's closed set of hyperparameters, each
 * value checked by {@link Hyperparameters}; a command ({@code {command: [...], image: ...}}) takes
 * neither preset nor model, any objective metric, and open, typed parameters of its own
 * ({@link #openParameter}), every {@code {placeholder}} of the command naming one of them.
 */
public final class SpecReader {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern PRESET = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> BUILTIN_DATASETS = Set.of("calcloud");
  private static final Set<String> TOP_LEVEL = Set.of("name", "preset", "model", "data", "objective", "parameters", "method",
      "max_trials", "seed", "max_parallel", "queue", "resources", "retries", "timeout", "trainer", "early_stopping",
      "max_cost");
  /** {@code early_stopping}'s keys (YAML snake_case; {@code min_trials} is the contract's {@code minTrials}). */
  private static final Set<String> EARLY_STOPPING_KEYS = Set.of("method", "grace", "reduction", "max", "after", "min_trials");
  /** A parameter's condition: {@code when: {parent: value}} or {@code when: {parent: [values]}}. */
  static final String WHEN = "when";
  private static final Set<String> PARAMETER_KEYS = Set.of("value", "values", "min", "max", "distribution", WHEN);
  /** A command trainer's parameters also take {@code type}. */
  private static final Set<String> OPEN_PARAMETER_KEYS = Set.of("value", "values", "min", "max", "distribution", "type", WHEN);
  private static final String IMAGE_EXAMPLE = "an image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag";

  /** The {@code type} of a command trainer's parameter: checks (and widens) its values. */
  enum OpenType {
    INT("int"), FLOAT("float"), STR("str"), BOOL("bool");

    final String id;

    OpenType(String id) {
      this.id = id;
    }
  }
  /** Hyperparameters that take a numeric range; the rest (lists, enums) take value or values. */
  private static final Set<String> INTEGER_PARAMETERS =
      Set.of(Hyperparameters.BATCH_SIZE, Hyperparameters.EPOCHS, Hyperparameters.SEED);
  private static final Set<String> REAL_PARAMETERS =
      Set.of(Hyperparameters.LEARNING_RATE, Hyperparameters.DROPOUT, Hyperparameters.L2);
  public static final int MAX_TRIALS = 10_000;
  /**
   * The most trials of a {@code bayes} sweep: each proposal reads every finished trial, and the
   * driver rewrites the trials file as it grows, so the work grows with the square of the trials.
   */
  public static final int MAX_BAYES_TRIALS = 1_000;
  /** How many trials a {@code bayes} sweep keeps in flight when the spec does not say. */
  public static final int DEFAULT_BAYES_PARALLEL = 4;
  public static final TimeLimit DEFAULT_TIMEOUT = new TimeLimit(2 * 3600);
  public static final int DEFAULT_RETRIES = 2;

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public SweepSpec read(Path file) {
    try {
      return read(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidValueException("spec", "a readable YAML file", file.toString());
    } catch (IOException e) {
      throw new InvalidValueException("spec", "a readable YAML file (" + e.getMessage() + ")", file.toString());
    }
  }

  public SweepSpec read(String text) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("spec", "valid YAML (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ")", "unparseable text");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidValueException("spec", "a mapping with name, preset, data, objective, parameters, method",
          root == null ? null : scalar(root));
    }
    rejectUnknown("", root, TOP_LEVEL);

    String name = matching("name", required(root, "name"), NAME, "lowercase letters, digits and '-', at most 40 chars");
    TrainerSpec trainer = root.has("trainer") ? trainer(root.get("trainer")) : TrainerSpec.builtinMlp();
    if (!trainer.isBuiltin()) {
      return commandSweep(root, name, trainer);
    }
    boolean hasPreset = root.hasNonNull("preset");
    if (hasPreset == root.hasNonNull("model")) {
      throw new InvalidValueException("preset / model", "exactly one of preset (a runtime preset such as calcloud-memory-bin)"
          + " or model (task, features, target, classes: your own dataset's columns)", hasPreset ? "both" : null);
    }
    String preset = null;
    ModelSpec model = null;
    Preset runtimePreset;
    if (hasPreset) {
      preset = matching("preset", root.get("preset"), PRESET, "a runtime preset such as calcloud-memory-bin");
      // The runtime owns the presets: asking it keeps one list and rejects a typo before submission.
      runtimePreset = Presets.byName(preset);
    } else {
      model = model(root.get("model"));
      // The same preset-equivalent the job builds, so the objective is checked against the same metrics.
      runtimePreset = Presets.declared(model);
    }
    DataSource data = data(required(root, "data"));
    Objective objective = objective(required(root, "objective"));
    if (!runtimePreset.validationMetrics().contains(objective.metric())) {
      throw new InvalidValueException("objective.metric", "one of " + runtimePreset.validationMetrics()
          + " for preset " + runtimePreset.name(), objective.metric());
    }
    Map<String, Parameter> parameters = parameters(root.get("parameters"));
    return rest(root, name, preset, model, data, objective, parameters, trainer);
  }

  /**
   * A command trainer's sweep: no preset or model (the command is the model), any objective metric
   * (the command reports it), open parameters, and every placeholder of the command declared.
   */
  private SweepSpec commandSweep(JsonNode root, String name, TrainerSpec trainer) {
    for (String field : List.of("preset", "model")) {
      if (root.has(field)) {
        throw new InvalidValueException(field, "no " + field + " with trainer.command or trainer.java (your trainer is the model: remove "
            + field + ")", field.equals("model") && root.get(field).isObject() ? "a model declaration" : scalar(root.get(field)));
      }
    }
    DataSource data = data(required(root, "data"));
    // The command reports its own metrics: any name is a valid objective (Objective checks its form).
    if (!root.hasNonNull("objective")) {
      throw new InvalidValueException("objective", "the metric the command reports and its goal, e.g. {metric: val_loss,"
          + " goal: minimize} (required with your own trainer: it ranks the trials and picks the checkpoint to publish)", null);
    }
    Objective objective = objective(root.get("objective"));
    Map<String, Parameter> parameters = openParameters(root.get("parameters"));
    if (trainer.isCommand()) {
      trainer.template().requireDeclared(parameters.keySet());
    }
    return rest(root, name, null, null, data, objective, parameters, trainer);
  }

  /** The fields that mean the same for every trainer. */
  private SweepSpec rest(JsonNode root, String name, String preset, ModelSpec model, DataSource data, Objective objective,
      Map<String, Parameter> parameters, TrainerSpec trainer) {
    SearchMethod method = method(required(root, "method"));
    OptionalInt maxTrials = root.has("max_trials")
        ? OptionalInt.of(integer("max_trials", root.get("max_trials"), 1, MAX_TRIALS))
        : OptionalInt.empty();
    if (method == SearchMethod.RANDOM && maxTrials.isEmpty()) {
      throw new InvalidValueException("max_trials", "a trial budget (an integer in 1.." + MAX_TRIALS + ") with method random", null);
    }
    if (method == SearchMethod.BAYES && (maxTrials.isEmpty() || maxTrials.getAsInt() > MAX_BAYES_TRIALS)) {
      throw new InvalidValueException("max_trials", "a trial budget (an integer in 1.." + MAX_BAYES_TRIALS + ") with method bayes",
          maxTrials.isEmpty() ? null : maxTrials.getAsInt());
    }
    if (method == SearchMethod.BAYES && parameters.values().stream().allMatch(p -> p instanceof Parameter.Fixed)) {
      throw new InvalidValueException("parameters", "at least one parameter with values or min and max with method bayes"
          + " (there is nothing to search)", parameters.keySet());
    }
    long seed = root.has("seed") ? integer("seed", root.get("seed"), 0, Integer.MAX_VALUE) : 0;
    int maxParallel = root.has("max_parallel") ? integer("max_parallel", root.get("max_parallel"), 1, MAX_TRIALS)
        : method == SearchMethod.BAYES ? DEFAULT_BAYES_PARALLEL : MAX_TRIALS;
    // A spec that asks for GPUs but names no queue goes to the GPU spot queue, which falls back to
    // on-demand when spot has no capacity: the cheaper default for GPU trials.
    JsonNode asked = root.path("resources");
    boolean asksGpus = asked.isObject() && asked.has("gpus") && integer("resources.gpus", asked.get("gpus"), 0, 16) >= 1;
    QueueChoice queue = root.has("queue") ? queue(root.get("queue")) : asksGpus ? QueueChoice.GPU_SPOT : QueueChoice.CPU;
    Resources resources = resources(root.get("resources"), queue.gpu() ? Resources.GPU_DEFAULT : Resources.DEFAULT);
    if (queue.gpu() && resources.gpus() < 1) {
      throw new InvalidValueException("resources.gpus", "at least 1 on queue " + queue.id(), resources.gpus());
    }
    if (!queue.gpu() && resources.gpus() > 0) {
      throw new InvalidValueException("resources.gpus", "0 on queue " + queue.id() + " (use gpu or gpu-spot)", resources.gpus());
    }
    // Batch allows 1..10 attempts per job.
    int retries = root.has("retries") ? integer("retries", root.get("retries"), 0, 9) : DEFAULT_RETRIES;
    TimeLimit timeout = root.has("timeout") ? TimeLimit.parse("timeout", scalar(root.get("timeout"))) : DEFAULT_TIMEOUT;
    EarlyStopping earlyStopping = root.hasNonNull("early_stopping")
        ? earlyStopping(root.get("early_stopping"), parameters, trainer) : null;
    Map<String, Condition> conditions = conditions(root.get("parameters"), parameters);
    if (method == SearchMethod.GRID && !conditions.isEmpty()) {
      // Every combination of a grid is a trial: one with an absent parameter would be the same trial many times.
      throw new InvalidValueException("parameters." + conditions.keySet().iterator().next() + "." + WHEN,
          "no conditions with method grid (use random or bayes)", "a condition");
    }
    if (trainer.isCommand()) {
      for (String conditional : conditions.keySet()) {
        if (trainer.template().placeholders().contains(conditional)) {
          throw new InvalidValueException("trainer.command", "no {" + conditional + "} placeholder: parameter " + conditional + " has a"
              + " condition (when), so some trials have no value for it; read it from "
              + com.batchtrain.contract.CommandContract.HP_PREFIX + conditional.toUpperCase(java.util.Locale.ROOT)
              + " or the hyperparameters file, which hold it only where it applies", "{" + conditional + "}");
        }
      }
    }
    OptionalDouble maxCost = root.has("max_cost") ? OptionalDouble.of(maxCost(root.get("max_cost")))
        : OptionalDouble.empty();
    return new SweepSpec(name, preset, data, objective, parameters, method, maxTrials, seed, maxParallel, queue,
        resources, retries, timeout, model, trainer, earlyStopping, conditions, maxCost);
  }

  /**
   * {@code early_stopping: {method: asha, grace, reduction, max}} or {@code {method: median, after,
   * min_trials}}, checked by the contract's {@link EarlyStopping} (whose fields are these paths).
   * ASHA's {@code max} defaults to the most epochs a trial trains when the spec says
   * ({@link #largestEpochs}); with your own trainer and no integer {@code epochs} parameter it is
   * required. A rule that could never stop a trial (its first check at or after the last epoch) is
   * refused rather than left to do nothing.
   *
   * <p>The objective is already known to be prunable on for the built-in trainer: it is one of the
   * preset's validation metrics, which the runtime reports every epoch. A command or Java trainer's
   * metrics are its own: it must report the objective every epoch (docs/invoke-jobs.md), which only a
   * run shows.
   */
  private static EarlyStopping earlyStopping(JsonNode node, Map<String, Parameter> parameters, TrainerSpec trainer) {
    if (!node.isObject()) {
      throw new InvalidValueException("early_stopping", "a mapping: {method: asha, grace: 1, reduction: 3, max: <epochs>}"
          + " or {method: median, after: 1, min_trials: 3}", scalar(node));
    }
    rejectUnknown("early_stopping", node, EARLY_STOPPING_KEYS);
    String method = text("early_stopping.method", required(node, "early_stopping", "method"),
        EarlyStopping.ASHA + " or " + EarlyStopping.MEDIAN);
    Integer grace = optionalInteger(node, "grace");
    Integer reduction = optionalInteger(node, "reduction");
    Integer max = optionalInteger(node, "max");
    Integer after = optionalInteger(node, "after");
    Integer minTrials = optionalInteger(node, "min_trials");
    OptionalInt largest = largestEpochs(parameters, trainer.isBuiltin());
    String source = parameters.containsKey(Hyperparameters.EPOCHS) ? "parameters.epochs"
        : "the default epochs of the built-in trainer";
    boolean derived = false;
    if (EarlyStopping.ASHA.equals(method) && max == null) {
      if (largest.isEmpty()) {
        throw new InvalidValueException("early_stopping.max", "the most epochs a trial trains, for method asha (required"
            + " with trainer.command or trainer.java unless parameters.epochs is an integer)", null);
      }
      max = largest.getAsInt();
      derived = true;
    }
    EarlyStopping out;
    try {
      out = new EarlyStopping(method, grace, reduction, max, after, minTrials);
    } catch (InvalidValueException e) {
      if (derived && e.field().equals("early_stopping.max")) {
        throw new InvalidValueException("early_stopping.max", e.expected() + " (taken from " + source
            + ": give early_stopping.max, or train more epochs than grace)", max);
      }
      throw e;
    }
    if (largest.isPresent()) {
      int last = largest.getAsInt();
      String why = " (at most " + last + ", " + source + "): a first check at or after the last epoch stops nothing";
      if (EarlyStopping.ASHA.equals(out.method()) && out.grace() >= last) {
        throw new InvalidValueException("early_stopping.grace", "fewer epochs than a trial trains" + why, out.grace());
      }
      if (EarlyStopping.MEDIAN.equals(out.method()) && out.after() >= last) {
        throw new InvalidValueException("early_stopping.after", "an epoch before the last one a trial trains" + why,
            out.after());
      }
    }
    return out;
  }

  /**
   * The most epochs a trial of this sweep trains, when the spec says: the {@code epochs} parameter's
   * value, the largest of its values, or its range's max (an integer parameter); for the built-in
   * trainer without one, its default. Empty for your own trainer without an integer {@code epochs}.
   */
  static OptionalInt largestEpochs(Map<String, Parameter> parameters, boolean builtin) {
    Parameter epochs = parameters.get(Hyperparameters.EPOCHS);
    if (epochs == null) {
      return builtin ? OptionalInt.of(Hyperparameters.defaults().epochs()) : OptionalInt.empty();
    }
    List<Object> values;
    if (epochs instanceof Parameter.Fixed f) {
      values = java.util.Collections.singletonList(f.value());
    } else if (epochs instanceof Parameter.Categorical c) {
      values = c.values();
    } else if (epochs instanceof Parameter.IntRange r) {
      values = List.of(r.max());
    } else {
      values = List.of();
    }
    if (values.isEmpty() || !values.stream().allMatch(v -> (v instanceof Long || v instanceof Integer)
        && ((Number) v).longValue() >= 1 && ((Number) v).longValue() <= Integer.MAX_VALUE)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(values.stream().mapToInt(v -> ((Number) v).intValue()).max().getAsInt());
  }

  /** {@code early_stopping.<field>} as an integer (ranges are the contract's), or null when absent. */
  private static Integer optionalInteger(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    java.util.OptionalLong n = integral(v);
    if (n.isPresent() && n.getAsLong() >= Integer.MIN_VALUE && n.getAsLong() <= Integer.MAX_VALUE) {
      return (int) n.getAsLong();
    }
    throw new InvalidValueException("early_stopping." + field, "an integer", scalar(v));
  }

  /**
   * An integer as YAML gives it: an integral number, or text that is one (YAML 1.1 reads some
   * numbers as strings). Empty when it is neither.
   */
  private static java.util.OptionalLong integral(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return java.util.OptionalLong.of(node.longValue());
    }
    if (node.isTextual()) {
      try {
        return java.util.OptionalLong.of(Long.parseLong(node.textValue().trim()));
      } catch (NumberFormatException e) {
        // not an integer
      }
    }
    return java.util.OptionalLong.empty();
  }

  /**
   * {@code trainer: {builtin: mlp}} or {@code trainer: {command: [program, args...], image: URI}}.
   * Shapes are checked here with their YAML path; the rules (exactly one of builtin and command, the
   * program, placeholders, the image's form) are the contract's {@link TrainerSpec}, whose fields are
   * these paths.
   */
  private static TrainerSpec trainer(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidValueException("trainer", "a mapping: {builtin: mlp}, {command: [program, arguments...]}"
          + " or {java: <trainer name>, classpath: [jars]}, with optionally image", scalar(node));
    }
    rejectUnknown("trainer", node, Set.of("builtin", "command", "image", "java", "classpath", "stdout_metrics"));
    String builtin = node.has("builtin") ? text("trainer.builtin", node.get("builtin"), "one of " + TrainerSpec.BUILTINS) : null;
    List<String> command = node.has("command") ? command(node.get("command")) : null;
    String image = node.has("image") ? text("trainer.image", node.get("image"), IMAGE_EXAMPLE) : null;
    String java = node.has("java") ? text("trainer.java", node.get("java"), "the name of a Java Trainer") : null;
    List<String> classpath = null;
    if (node.has("classpath")) {
      JsonNode entries = node.get("classpath");
      if (!entries.isArray()) {
        throw new InvalidValueException("trainer.classpath", "a list of jar or directory paths (relative: to the spec's directory)",
            scalar(entries));
      }
      classpath = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        classpath.add(text("trainer.classpath[" + i + "]", entries.get(i), "a jar or directory path"));
      }
    }
    return new TrainerSpec(builtin, command, image, java, classpath,
        node.has("stdout_metrics") ? stdoutMetrics(node.get("stdout_metrics")) : null);
  }

  /** {@code trainer.stdout_metrics: {pattern: '...', groups: [epoch, val_loss]}}; the rules are the contract's {@link StdoutMetrics}. */
  private static StdoutMetrics stdoutMetrics(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidValueException("trainer.stdout_metrics", "a mapping with pattern (a regular expression) and groups (the"
          + " metric each capture group holds, one of them epoch)", scalar(node));
    }
    rejectUnknown("trainer.stdout_metrics", node, Set.of("pattern", "groups"));
    String pattern = text("trainer.stdout_metrics.pattern", required(node, "trainer.stdout_metrics", "pattern"), "a regular expression");
    JsonNode groups = required(node, "trainer.stdout_metrics", "groups");
    if (!groups.isArray()) {
      throw new InvalidValueException("trainer.stdout_metrics.groups", "a list of metric names, one per capture group", scalar(groups));
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      names.add(text("trainer.stdout_metrics.groups[" + i + "]", groups.get(i), "a metric name"));
    }
    return new StdoutMetrics(pattern, names);
  }

  /** The command's arguments as written: strings (numbers and booleans as their text), never split or trimmed. */
  private static List<String> command(JsonNode node) {
    if (!node.isArray()) {
      throw new InvalidValueException("trainer.command", "a list: the program and its arguments, e.g. [python3, train.py]"
          + " (no shell: one string is not split into words)", scalar(node));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode arg = node.get(i);
      String path = "trainer.command[" + i + "]";
      if (arg.isTextual()) {
        out.add(arg.textValue());
      } else if (arg.isNumber() || arg.isBoolean()) {
        out.add(arg.asText());
      } else if (arg.isObject()) {
        // [--lr, {lr}] unquoted is a YAML mapping, not the placeholder.
        throw new InvalidValueException(path, "a string (quote a placeholder, \"{name}\": unquoted, YAML reads {name} as a mapping)",
            arg.toString());
      } else {
        throw new InvalidValueException(path, "a string", scalar(arg));
      }
    }
    return out;
  }

  /**
   * {@code model: {task, features, target, classes, class_names, ignore}}. Shapes are checked here with
   * the YAML path; the rules (unique features, target not a feature, class count, ignore only without
   * features) are the contract's {@link ModelSpec}, whose {@code model.*} field names match these paths
   * except {@code classNames}. Without {@code features} the model reads every column but the target
   * and the {@code ignore} ones; without {@code classes} the classes come from the data.
   */
  private static ModelSpec model(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidValueException("model", "a mapping with task, target and optionally features (or ignore), classes, class_names",
          scalar(node));
    }
    rejectUnknown("model", node, Set.of("task", "features", "target", "classes", "class_names", "ignore"));
    String task = text("model.task", required(node, "model", "task"), "classification or regression");
    List<String> features = node.hasNonNull("features") ? names("model.features", node.get("features")) : null;
    List<String> ignore = node.hasNonNull("ignore") ? names("model.ignore", node.get("ignore")) : null;
    String target = text("model.target", required(node, "model", "target"), "a column name");
    Integer classes = null;
    if (node.hasNonNull("classes")) {
      JsonNode c = node.get("classes");
      if (!c.isIntegralNumber() || !c.canConvertToInt()) {
        throw new InvalidValueException("model.classes", "an integer >= 2", scalar(c));
      }
      classes = c.intValue();
    }
    List<String> classNames = node.hasNonNull("class_names") ? names("model.class_names", node.get("class_names")) : null;
    try {
      return new ModelSpec(ModelSpec.Task.parse(task), features, target, classes, classNames, ignore);
    } catch (InvalidValueException e) {
      if (e.field().equals("model.classNames")) {
        throw new InvalidValueException("model.class_names", e.expected(), classNames);
      }
      throw e;
    }
  }

  private static List<String> names(String path, JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidValueException(path, "a non-empty list of names", scalar(node));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(text(path + "[" + i + "]", node.get(i), "a name"));
    }
    return out;
  }

  private static DataSource data(JsonNode node) {
    String text = text("data", node, "a dataset URI (s3://..., file:///...) or builtin:calcloud");
    if (text.startsWith(DataSource.BUILTIN_PREFIX)) {
      String dataset = text.substring(DataSource.BUILTIN_PREFIX.length());
      if (!BUILTIN_DATASETS.contains(dataset)) {
        throw new InvalidValueException("data", "one of " + new TreeSet<>(BUILTIN_DATASETS).stream()
            .map(d -> DataSource.BUILTIN_PREFIX + d).toList() + " or a URI", text);
      }
      return new DataSource.Builtin(dataset);
    }
    // As written: a URI naming one object (s3://bucket/path/file.csv) is that file; a prefix is the
    // files below it (the runtime stages either, see DatasetStager).
    return new DataSource.Stored(StorageUri.parse("data", text));
  }

  private static Objective objective(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidValueException("objective", "a mapping with metric and goal", scalar(node));
    }
    rejectUnknown("objective", node, Set.of("metric", "goal"));
    String metric = text("objective.metric", required(node, "objective", "metric"), "a metric name such as val_loss");
    String goal = text("objective.goal", required(node, "objective", "goal"), "minimize or maximize");
    return new Objective(metric, Objective.Goal.parse(goal));
  }

  private static SearchMethod method(JsonNode node) {
    String text = text("method", node, SearchMethod.choices());
    for (SearchMethod m : SearchMethod.values()) {
      if (m.id().equals(text)) {
        return m;
      }
    }
    throw new InvalidValueException("method", SearchMethod.choices(), text);
  }

  private static QueueChoice queue(JsonNode node) {
    return QueueChoice.parse(text("queue", node, "one of cpu, cpu-spot, gpu, gpu-spot"));
  }

  /** {@code resources}, each field it leaves out taken from {@code d} (the queue's trial shape). */
  private static Resources resources(JsonNode node, Resources d) {
    if (node == null) {
      return d;
    }
    if (!node.isObject()) {
      throw new InvalidValueException("resources", "a mapping with vcpus, memory_mib, gpus", scalar(node));
    }
    rejectUnknown("resources", node, Set.of("vcpus", "memory_mib", "gpus"));
    return new Resources(
        node.has("vcpus") ? integer("resources.vcpus", node.get("vcpus"), 1, 256) : d.vcpus(),
        node.has("memory_mib") ? integer("resources.memory_mib", node.get("memory_mib"), 128, 4_194_304) : d.memoryMib(),
        node.has("gpus") ? integer("resources.gpus", node.get("gpus"), 0, 16) : d.gpus());
  }

  /** The built-in trainer's parameters: the contract's closed set of hyperparameters, each value checked by it. */
  private static Map<String, Parameter> parameters(JsonNode node) {
    return parameters(node, "hyperparameter", (name, path, value) -> {
      if (!Hyperparameters.NAMES.contains(name)) {
        throw new InvalidValueException(path, "a hyperparameter, one of " + new TreeSet<>(Hyperparameters.NAMES), name);
      }
      return parameter(name, path, value);
    });
  }

  /** A command trainer's parameters: any names the {@code BT_HP_<NAME>} variables and placeholders can carry. */
  private static Map<String, Parameter> openParameters(JsonNode node) {
    return parameters(node, "parameter", (name, path, value) -> {
      if (!CommandTemplate.NAME.matcher(name).matches()) {
        throw new InvalidValueException(path, "a name of lowercase letters, digits and _, starting with a letter, at most 64"
            + " chars (it becomes " + com.batchtrain.contract.CommandContract.HP_PREFIX + "<NAME> and {name})", name);
      }
      return openParameter(path, value);
    });
  }

  /** How one entry of {@code parameters} is read: its name, its YAML path, its value. */
  private interface ParameterReader {
    Parameter read(String name, String path, JsonNode value);
  }

  private static Map<String, Parameter> parameters(JsonNode node, String what, ParameterReader reader) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new InvalidValueException("parameters", "a mapping from " + what + " name to its search space", scalar(node));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      out.put(f.getKey(), reader.read(f.getKey(), "parameters." + f.getKey(), f.getValue()));
    }
    return out;
  }

  /**
   * One open parameter: {@code value} (any scalar or list), {@code values} (a categorical of strings,
   * numbers, booleans or lists), or {@code min}/{@code max} (an integer range when both ends are
   * integers, else a float range; {@code distribution: log_uniform} needs min > 0). {@code type}
   * ({@code int}, {@code float}, {@code str}, {@code bool}) checks every value and range end, and
   * widens where nothing is lost: an integer to a float, a number or boolean to its text.
   */
  private static Parameter openParameter(String path, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidValueException(path, "a mapping with value, values, or min and max (and optionally type)", scalar(node));
    }
    rejectUnknown(path, node, OPEN_PARAMETER_KEYS);
    boolean range = node.has("min") || node.has("max");
    int forms = (node.has("value") ? 1 : 0) + (node.has("values") ? 1 : 0) + (range ? 1 : 0);
    if (forms != 1) {
      throw new InvalidValueException(path, "exactly one of value, values, or min and max", fieldNames(node));
    }
    if (node.has("distribution") && !range) {
      throw new InvalidValueException(path + ".distribution", "only with min and max", scalar(node.get("distribution")));
    }
    OpenType type = node.has("type") ? openType(path + ".type", node.get("type")) : null;
    if (node.has("value")) {
      return new Parameter.Fixed(typed(path + ".value", node.get("value"), type));
    }
    if (node.has("values")) {
      JsonNode values = node.get("values");
      if (!values.isArray() || values.isEmpty()) {
        throw new InvalidValueException(path + ".values", "a non-empty list", scalar(values));
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        out.add(typed(path + ".values[" + i + "]", values.get(i), type));
      }
      return new Parameter.Categorical(out);
    }
    if (type == OpenType.STR || type == OpenType.BOOL) {
      throw new InvalidValueException(path + ".type", "int or float with min and max (a " + type.id
          + " parameter takes value or values)", type.id);
    }
    Distribution distribution = distribution(path, node);
    JsonNode minNode = required(node, path, "min");
    JsonNode maxNode = required(node, path, "max");
    boolean integer = type == OpenType.INT
        || (type == null && minNode.isIntegralNumber() && maxNode.isIntegralNumber());
    return numericRange(path, minNode, maxNode, integer, distribution, null);
  }

  private static OpenType openType(String path, JsonNode node) {
    String text = text(path, node, "int, float, str or bool");
    for (OpenType t : OpenType.values()) {
      if (t.id.equals(text)) {
        return t;
      }
    }
    throw new InvalidValueException(path, "int, float, str or bool", text);
  }

  /** A JSON-shaped value of an open parameter, checked against (and widened to) {@code type} when given. */
  private static Object typed(String path, JsonNode node, OpenType type) {
    if (node == null || node.isNull()) {
      throw new InvalidValueException(path, "a value", null);
    }
    if (node.isObject()) {
      throw new InvalidValueException(path, "a string, number, boolean or list", node.toString());
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        out.add(typed(path + "[" + i + "]", node.get(i), type));
      }
      return out;
    }
    if (type == null) {
      if (node.isIntegralNumber()) {
        return node.longValue();
      }
      if (node.isNumber()) {
        return finite(path, node.doubleValue(), "a finite number");
      }
      return plain(node);
    }
    switch (type) {
      case INT -> {
        java.util.OptionalLong n = integral(node);
        if (n.isPresent()) {
          return n.getAsLong();
        }
        throw new InvalidValueException(path, "an integer (type int)", scalar(node));
      }
      case FLOAT -> {
        if (node.isNumber()) {
          return finite(path, node.doubleValue(), "a finite number (type float)");
        }
        if (node.isTextual()) {
          try {
            return finite(path, Double.parseDouble(node.textValue().trim()), "a finite number (type float)");
          } catch (NumberFormatException e) {
            // reported below
          }
        }
        throw new InvalidValueException(path, "a number (type float)", scalar(node));
      }
      case STR -> {
        return node.isTextual() ? node.textValue() : node.asText();
      }
      default -> {
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        if (node.isTextual()) {
          String t = node.textValue().trim().toLowerCase(Locale.ROOT);
          if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
          }
        }
        throw new InvalidValueException(path, "true or false (type bool)", scalar(node));
      }
    }
  }

  /** {@code max_cost}: a positive amount of USD, at most a million (a budget beyond that is a typo). */
  private static double maxCost(JsonNode node) {
    String expected = "a positive amount of USD up to 1000000 (a number: 50, 12.5)";
    double v = number("max_cost", node, expected, false, Distribution.UNIFORM);
    if (!(v > 0) || v > 1_000_000) {
      throw new InvalidValueException("max_cost", expected, scalar(node));
    }
    return v;
  }

  private static double finite(String path, double v, String expected) {
    if (!Double.isFinite(v)) {
      throw new InvalidValueException(path, expected, v);
    }
    return v;
  }

  private static Parameter parameter(String name, String path, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidValueException(path, "a mapping with value, values, or min and max", scalar(node));
    }
    rejectUnknown(path, node, PARAMETER_KEYS);
    boolean range = node.has("min") || node.has("max");
    int forms = (node.has("value") ? 1 : 0) + (node.has("values") ? 1 : 0) + (range ? 1 : 0);
    if (forms != 1) {
      throw new InvalidValueException(path, "exactly one of value, values, or min and max", fieldNames(node));
    }
    if (node.has("distribution") && !range) {
      throw new InvalidValueException(path + ".distribution", "only with min and max", scalar(node.get("distribution")));
    }
    if (node.has("value")) {
      Object value = plain(node.get("value"));
      checkValue(name, path + ".value", value);
      return new Parameter.Fixed(value);
    }
    if (node.has("values")) {
      JsonNode values = node.get("values");
      if (!values.isArray() || values.isEmpty()) {
        throw new InvalidValueException(path + ".values", "a non-empty list", scalar(values));
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        Object value = plain(values.get(i));
        checkValue(name, path + ".values[" + i + "]", value);
        out.add(value);
      }
      return new Parameter.Categorical(out);
    }
    return range(name, path, node);
  }

  private static Parameter range(String name, String path, JsonNode node) {
    boolean integer = INTEGER_PARAMETERS.contains(name);
    if (!integer && !REAL_PARAMETERS.contains(name)) {
      throw new InvalidValueException(path, "value or values (" + name + " is not numeric, so it has no min/max range)",
          fieldNames(node));
    }
    Distribution distribution = distribution(path, node);
    return numericRange(path, required(node, path, "min"), required(node, path, "max"), integer, distribution, name);
  }

  private static Distribution distribution(String path, JsonNode node) {
    if (!node.has("distribution")) {
      return Distribution.UNIFORM;
    }
    String text = text(path + ".distribution", node.get("distribution"), "uniform or log_uniform");
    return switch (text) {
      case "uniform" -> Distribution.UNIFORM;
      case "log_uniform" -> Distribution.LOG_UNIFORM;
      default -> throw new InvalidValueException(path + ".distribution", "uniform or log_uniform", text);
    };
  }

  /**
   * {@code [min, max]} of an integer or real range; {@code builtin} names the built-in hyperparameter
   * whose contract range the ends must also be in (null for a command trainer's parameter).
   */
  private static Parameter numericRange(String path, JsonNode minNode, JsonNode maxNode, boolean integer,
      Distribution distribution, String builtin) {
    String positive = distribution == Distribution.LOG_UNIFORM ? " > 0" : "";
    String kind = integer ? "an integer" : "a number";
    double min = number(path + ".min", minNode, kind + positive, integer, distribution);
    double max = number(path + ".max", maxNode, kind + positive, integer, distribution);
    if (builtin != null) {
      checkValue(builtin, path + ".min", integer ? (Object) (long) min : (Object) min);
      checkValue(builtin, path + ".max", integer ? (Object) (long) max : (Object) max);
    }
    if (!(min < max)) {
      throw new InvalidValueException(path + ".max", kind + " greater than min (" + render(min, integer) + ")",
          integer ? (Object) (long) max : (Object) max);
    }
    return integer
        ? new Parameter.IntRange((long) min, (long) max, distribution)
        : new Parameter.FloatRange(min, max, distribution);
  }

  /**
   * The {@code when} of each parameter that has one. Its parent must be declared before it (spec
   * order, which is also the order trials are drawn in) and take its values from a list (a
   * categorical or a fixed value); each value of the condition must be one of the parent's.
   */
  private static Map<String, Condition> conditions(JsonNode node, Map<String, Parameter> parameters) {
    Map<String, Condition> out = new LinkedHashMap<>();
    if (node == null || !node.isObject()) {
      return out;
    }
    List<String> order = new ArrayList<>(parameters.keySet());
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      JsonNode when = node.path(e.getKey()).get(WHEN);
      if (when == null) {
        continue;
      }
      String path = "parameters." + e.getKey() + "." + WHEN;
      if (!when.isObject() || when.size() != 1) {
        throw new InvalidValueException(path, "one parameter and its value(s), e.g. {optimizer: sgd} or {optimizer: [sgd, rmsprop]}",
            scalar(when));
      }
      String parent = when.fieldNames().next();
      Parameter parentSpace = parameters.get(parent);
      if (parentSpace == null || order.indexOf(parent) >= order.indexOf(e.getKey())) {
        throw new InvalidValueException(path, "a parameter declared before " + e.getKey() + " ("
            + (order.indexOf(e.getKey()) == 0 ? "none is" : String.join(", ", order.subList(0, order.indexOf(e.getKey())))) + ")",
            parent);
      }
      List<Object> choices = parentSpace instanceof Parameter.Categorical c ? c.values()
          : parentSpace instanceof Parameter.Fixed f ? List.of(f.value()) : null;
      if (choices == null) {
        throw new InvalidValueException(path + "." + parent, "a parameter with value or values (a condition names some of"
            + " its values; " + parent + " is a range)", parent);
      }
      JsonNode wanted = when.get(parent);
      List<JsonNode> items = new ArrayList<>();
      if (wanted.isArray() && !wanted.isEmpty()) {
        wanted.forEach(items::add);
      } else if (!wanted.isArray() && !wanted.isContainerNode()) {
        items.add(wanted);
      } else {
        throw new InvalidValueException(path + "." + parent, "one of " + parent + "'s values, or a non-empty list of them",
            scalar(wanted));
      }
      List<Object> values = new ArrayList<>();
      for (JsonNode item : items) {
        Object value = plain(item);
        Object match = choices.stream().filter(c -> sameValue(c, value)).findFirst().orElseThrow(() ->
            new InvalidValueException(path + "." + parent, "one of " + parent + "'s values " + choices, value));
        values.add(match);
      }
      out.put(e.getKey(), new Condition(parent, values));
    }
    return out;
  }

  /** A condition's value as the spec writes it against one of the parent's values (1 and 1.0 alike; text as text). */
  private static boolean sameValue(Object choice, Object written) {
    if (choice instanceof Number a && written instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return choice.equals(written) || String.valueOf(choice).equals(String.valueOf(written));
  }

  /** Range-checks one value through the contract, reporting it at {@code path}. */
  private static void checkValue(String name, String path, Object value) {
    if (value == null) {
      throw new InvalidValueException(path, "a value", null);
    }
    try {
      Hyperparameters.parse(Map.of(name, value));
    } catch (InvalidValueException e) {
      throw new InvalidValueException(path, e.expected(), value);
    }
  }

  private static double number(String path, JsonNode node, String expected, boolean integer, Distribution distribution) {
    double v;
    if (node.isNumber()) {
      v = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        // YAML 1.1 reads 1e-3 (no dot) as a string; accept it as the number it looks like.
        v = Double.parseDouble(node.textValue().trim());
      } catch (NumberFormatException e) {
        throw new InvalidValueException(path, expected, node.textValue());
      }
    } else {
      throw new InvalidValueException(path, expected, scalar(node));
    }
    if (!Double.isFinite(v) || (integer && v != Math.rint(v))
        || (distribution == Distribution.LOG_UNIFORM && v <= 0)) {
      throw new InvalidValueException(path, expected, scalar(node));
    }
    return v;
  }

  private static String render(double v, boolean integer) {
    return integer ? Long.toString((long) v) : Double.toString(v);
  }

  private static int integer(String path, JsonNode node, int min, int max) {
    java.util.OptionalLong n = integral(node);
    if (n.isPresent() && n.getAsLong() >= min && n.getAsLong() <= max) {
      return (int) n.getAsLong();
    }
    throw new InvalidValueException(path, "an integer in " + min + ".." + max, node.isTextual() ? node.textValue() : scalar(node));
  }

  private static String matching(String path, JsonNode node, Pattern pattern, String expected) {
    String text = text(path, node, expected);
    if (!pattern.matcher(text).matches()) {
      throw new InvalidValueException(path, expected, text);
    }
    return text;
  }

  private static String text(String path, JsonNode node, String expected) {
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw new InvalidValueException(path, expected, scalar(node));
    }
    return node.textValue().trim();
  }

  private static JsonNode required(JsonNode node, String field) {
    return required(node, "", field);
  }

  private static JsonNode required(JsonNode node, String parentPath, String field) {
    JsonNode child = node.get(field);
    String path = parentPath.isEmpty() ? field : parentPath + "." + field;
    if (child == null || child.isNull()) {
      throw new InvalidValueException(path, "a value (required)", null);
    }
    return child;
  }

  private static void rejectUnknown(String parentPath, JsonNode node, Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        String path = parentPath.isEmpty() ? n : parentPath + "." + n;
        throw new InvalidValueException(path, "a known field, one of " + new TreeSet<>(known), n);
      }
    }
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  /** A JSON-shaped Java value (Long/Double/String/Boolean/List) of a YAML node, for messages and the contract. */
  static Object plain(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(n -> out.add(plain(n)));
      return out;
    }
    return node.isNull() ? null : node.toString();
  }

  private static Object scalar(JsonNode node) {
    return node == null ? null : plain(node);
  }
}
