package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What trains a trial: the built-in TensorFlow Java MLP ({@code {builtin: mlp}}, the default), the
 * user's own command ({@code {command: [python, train.py, --lr, "{learning_rate}"], image: ...}}), or
 * the user's own Java {@code Trainer} found by name on the runtime's class path plus {@code classpath}
 * ({@code {java: my-cnn, classpath: [lib/my-cnn.jar]}}). The last two run under the harness of the
 * command contract ({@link CommandContract}, docs/job-contract.md). Exactly one of {@code builtin},
 * {@code command} and {@code java} is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainerSpec(
    @JsonProperty("builtin") String builtin,
    @JsonProperty("command") List<String> command,
    @JsonProperty("image") String image,
    @JsonProperty("java") String java,
    @JsonProperty("classpath") List<String> classpath,
    @JsonProperty("stdoutMetrics") StdoutMetrics stdoutMetrics) {

  public static final String MLP = "mlp";
  /** The built-in trainers' names. */
  public static final List<String> BUILTINS = List.of(MLP);
  /** The longest command line accepted: Batch caps a container override's size, and a trial must fit. */
  public static final int MAX_ARGUMENTS = 256;
  /** An ECR/Docker image reference: [registry/]repository[:tag][@sha256:digest]. */
  private static final Pattern IMAGE = Pattern.compile(
      "[a-z0-9][a-z0-9._-]*(?::[0-9]+)?(?:/[a-z0-9._-]+)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[0-9a-f]{64})?");

  /** A Java trainer's name, as its {@code Trainer.name()} returns it. */
  public static final Pattern JAVA_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  @JsonCreator
  public TrainerSpec {
    int forms = (builtin == null ? 0 : 1) + (command == null ? 0 : 1) + (java == null ? 0 : 1);
    if (forms != 1) {
      throw new InvalidValueException("trainer", "exactly one of builtin (" + String.join(", ", BUILTINS)
          + "), command (a list: the program and its arguments) or java (the name of a Trainer on the class path)",
          forms == 0 ? null : "more than one of builtin, command and java");
    }
    if (java != null && !JAVA_NAME.matcher(java).matches()) {
      throw new InvalidValueException("trainer.java", "a trainer name of lowercase letters, digits and '-' (its Trainer.name())", java);
    }
    if (classpath != null) {
      if (java == null) {
        throw new InvalidValueException("trainer.classpath", "only with trainer.java", classpath);
      }
      for (int i = 0; i < classpath.size(); i++) {
        String entry = classpath.get(i);
        if (entry == null || entry.isBlank() || entry.indexOf('\0') >= 0 || entry.contains(File.pathSeparator)) {
          throw new InvalidValueException("trainer.classpath[" + i + "]", "a jar or directory path (one per entry)", entry);
        }
      }
      classpath = List.copyOf(classpath);
    }
    if (builtin != null && !BUILTINS.contains(builtin)) {
      throw new InvalidValueException("trainer.builtin", "one of " + BUILTINS, builtin);
    }
    if (command != null) {
      if (command.isEmpty() || command.size() > MAX_ARGUMENTS) {
        throw new InvalidValueException("trainer.command", "a list of 1.." + MAX_ARGUMENTS + " strings (program first)", command);
      }
      for (int i = 0; i < command.size(); i++) {
        String arg = command.get(i);
        if (arg == null || (i == 0 && arg.isBlank()) || arg.indexOf('\0') >= 0) {
          throw new InvalidValueException("trainer.command[" + i + "]", i == 0 ? "the program to run" : "a string without NUL", arg);
        }
      }
      command = List.copyOf(command);
      CommandTemplate.of(command);
    }
    if (stdoutMetrics != null && command == null) {
      throw new InvalidValueException("trainer.stdout_metrics", "only with trainer.command (a Java trainer reports through its session)",
          stdoutMetrics.pattern());
    }
    if (image != null) {
      if (builtin != null) {
        throw new InvalidValueException("trainer.image", "only with trainer.command or trainer.java (the built-in trainer runs in the"
            + " stack's image)", image);
      }
      if (!IMAGE.matcher(image).matches() || image.length() > 255) {
        throw new InvalidValueException("trainer.image", "an image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag", image);
      }
    }
  }

  /** A built-in or command trainer (no Java trainer fields, metrics from the metrics file only). */
  public TrainerSpec(String builtin, List<String> command, String image) {
    this(builtin, command, image, null, null, null);
  }

  /** Without metrics from standard output. */
  public TrainerSpec(String builtin, List<String> command, String image, String java, List<String> classpath) {
    this(builtin, command, image, java, classpath, null);
  }

  public static TrainerSpec builtinMlp() {
    return new TrainerSpec(MLP, null, null);
  }

  public static TrainerSpec command(List<String> command) {
    return new TrainerSpec(null, command, null);
  }

  public static TrainerSpec java(String name, List<String> classpath) {
    return new TrainerSpec(null, null, null, name, classpath);
  }

  /** The built-in trainer: a preset or a declared model, the closed set of hyperparameters. */
  @JsonIgnore
  public boolean isBuiltin() {
    return builtin != null;
  }

  /** The user's command. */
  @JsonIgnore
  public boolean isCommand() {
    return command != null;
  }

  /** The user's Java trainer. */
  @JsonIgnore
  public boolean isJava() {
    return java != null;
  }

  /** The Java trainer's class path entries (empty: the runtime's own class path only). */
  @JsonIgnore
  public List<String> javaClasspath() {
    return classpath == null ? List.of() : classpath;
  }

  @JsonIgnore
  public Optional<String> imageOverride() {
    return Optional.ofNullable(image);
  }

  /** The command's placeholders, parsed ({@link CommandTemplate}); only for a command trainer. */
  @JsonIgnore
  public CommandTemplate template() {
    if (command == null) {
      throw new IllegalStateException("only a command trainer has a command: " + this);
    }
    return CommandTemplate.of(command);
  }
}
