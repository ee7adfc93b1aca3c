package com.batchtrain.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command trainer's argument list with {@code {name}} placeholders for hyperparameters. Each
 * argument is substituted on its own (no shell, no re-splitting): an argument that is exactly
 * {@code {lr}} becomes the value's text ({@code 0.001}, {@code true}, {@code sgd}, a list as JSON),
 * {@code --lr={lr}} becomes {@code --lr=0.001}. {@code {{} and {@code }}} are literal braces.
 */
public final class CommandTemplate {
  /** The hyperparameter names a command may use: also the {@code BT_HP_<NAME>} variable stems. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern TOKEN = Pattern.compile("\\{\\{|}}|\\{([^{}]*)}|[{}]");

  private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT = new com.fasterxml.jackson.databind.ObjectMapper();

  private final List<String> arguments;
  private final Set<String> names;

  private CommandTemplate(List<String> arguments, Set<String> names) {
    this.arguments = arguments;
    this.names = names;
  }

  /** Parses every argument's placeholders; a malformed one is rejected naming {@code trainer.command[i]}. */
  public static CommandTemplate of(List<String> arguments) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < arguments.size(); i++) {
      Matcher m = TOKEN.matcher(arguments.get(i));
      while (m.find()) {
        String token = m.group();
        if (token.equals("{{") || token.equals("}}")) {
          continue;
        }
        if (m.group(1) == null || !NAME.matcher(m.group(1)).matches()) {
          throw new InvalidValueException("trainer.command[" + i + "]", "placeholders of the form {hyperparameter_name}"
              + " (lowercase, digits, _), and {{ or }} for a literal brace", arguments.get(i));
        }
        names.add(m.group(1));
      }
    }
    return new CommandTemplate(List.copyOf(arguments), Set.copyOf(names));
  }

  /** The hyperparameter names the arguments refer to. */
  public Set<String> placeholders() {
    return names;
  }

  /**
   * Checks, before any trial is submitted, that every placeholder names a declared hyperparameter.
   * {@code declared} is the sweep's parameter names.
   */
  public void requireDeclared(Set<String> declared) {
    for (int i = 0; i < arguments.size(); i++) {
      for (String name : of(List.of(arguments.get(i))).placeholders()) {
        if (!declared.contains(name)) {
          throw new InvalidValueException("trainer.command[" + i + "]", "placeholders naming declared parameters "
              + new java.util.TreeSet<>(declared), "{" + name + "}");
        }
      }
    }
  }

  /** The argument list for one trial: each placeholder replaced by its value's text. */
  public List<String> render(Map<String, ?> hyperparameters) {
    List<String> out = new ArrayList<>(arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      StringBuilder b = new StringBuilder();
      Matcher m = TOKEN.matcher(arguments.get(i));
      while (m.find()) {
        String token = m.group();
        String replacement;
        if (token.equals("{{")) {
          replacement = "{";
        } else if (token.equals("}}")) {
          replacement = "}";
        } else {
          String name = m.group(1);
          if (!hyperparameters.containsKey(name)) {
            throw new InvalidValueException("trainer.command[" + i + "]", "a value for {" + name + "} in the trial's hyperparameters",
                hyperparameters.keySet());
          }
          replacement = text(hyperparameters.get(name));
        }
        m.appendReplacement(b, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(b);
      out.add(b.toString());
    }
    return out;
  }

  /**
   * A value as an argument or a {@code BT_HP_} variable holds it: strings as they are, integers as
   * integers, a float in Java's shortest round-trip form ({@code 0.001}, {@code 1.0}, {@code 1.0E-5}: a
   * float keeps its fraction, since the command's parser may insist on one), booleans as
   * {@code true}/{@code false}, lists and maps as JSON.
   */
  public static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    try {
      return COMPACT.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
