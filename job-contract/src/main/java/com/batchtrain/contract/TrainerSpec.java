package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What trains a trial: the built-in TensorFlow Java MLP ({@code {builtin: mlp}}, the default), or
 * the user's own command ({@code {command: [python, train.py, --lr, "{learning_rate}"], image: ...}})
 * run under the harness of the command contract ({@link CommandContract}, docs/job-contract.md).
 * Exactly one of {@code builtin} and {@code command} is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainerSpec(
    @JsonProperty("builtin") String builtin,
    @JsonProperty("command") List<String> command,
    @JsonProperty("image") String image) {

  public static final String MLP = "mlp";
  /** The built-in trainers' names. */
  public static final List<String> BUILTINS = List.of(MLP);
  /** The longest command line accepted: Batch caps a container override's size, and a trial must fit. */
  public static final int MAX_ARGUMENTS = 256;
  /** An ECR/Docker image reference: [registry/]repository[:tag][@sha256:digest]. */
  private static final Pattern IMAGE = Pattern.compile(
      "[a-z0-9][a-z0-9._-]*(?::[0-9]+)?(?:/[a-z0-9._-]+)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[0-9a-f]{64})?");

  @JsonCreator
  public TrainerSpec {
    if ((builtin == null) == (command == null)) {
      throw new InvalidValueException("trainer", "exactly one of builtin (" + String.join(", ", BUILTINS)
          + ") or command (a list: the program and its arguments)", builtin == null ? null : "both builtin and command");
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
    if (image != null) {
      if (command == null) {
        throw new InvalidValueException("trainer.image", "only with trainer.command (the built-in trainer runs in the stack's image)", image);
      }
      if (!IMAGE.matcher(image).matches() || image.length() > 255) {
        throw new InvalidValueException("trainer.image", "an image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag", image);
      }
    }
  }

  public static TrainerSpec builtinMlp() {
    return new TrainerSpec(MLP, null, null);
  }

  public static TrainerSpec command(List<String> command) {
    return new TrainerSpec(null, command, null);
  }

  @JsonIgnore
  public boolean isCommand() {
    return command != null;
  }

  @JsonIgnore
  public Optional<String> imageOverride() {
    return Optional.ofNullable(image);
  }

  /** The command's placeholders, parsed ({@link CommandTemplate}); only for a command trainer. */
  @JsonIgnore
  public CommandTemplate template() {
    if (command == null) {
      throw new IllegalStateException("the built-in trainer " + builtin + " has no command");
    }
    return CommandTemplate.of(command);
  }
}
