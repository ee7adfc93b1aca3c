package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Metrics read from a command's standard output, for code that cannot write the metrics file:
 * every output line the {@code pattern} finds a match in becomes a metrics line, capture group
 * {@code i} (from 1) being {@code groups[i - 1]}. {@code epoch} must be one of the groups.
 * Example: {@code pattern: 'Epoch (\d+)/\d+ .* val_loss: (\S+)', groups: [epoch, val_loss]}.
 */
public record StdoutMetrics(@JsonProperty("pattern") String pattern, @JsonProperty("groups") List<String> groups) {
  private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  @JsonCreator
  public StdoutMetrics {
    if (pattern == null || pattern.isEmpty()) {
      throw new InvalidValueException("trainer.stdout_metrics.pattern", "a regular expression with one capture group per metric", pattern);
    }
    Pattern compiled;
    try {
      compiled = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new InvalidValueException("trainer.stdout_metrics.pattern", "a Java regular expression (" + e.getDescription() + ")", pattern);
    }
    if (groups == null || groups.isEmpty()) {
      throw new InvalidValueException("trainer.stdout_metrics.groups", "the names of the pattern's capture groups, in order", groups);
    }
    int count = compiled.matcher("").groupCount();
    if (count != groups.size()) {
      throw new InvalidValueException("trainer.stdout_metrics.groups", "one name per capture group of the pattern (" + count + ")", groups);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < groups.size(); i++) {
      String g = groups.get(i);
      if (g == null || !METRIC.matcher(g).matches() || !seen.add(g)) {
        throw new InvalidValueException("trainer.stdout_metrics.groups[" + i + "]", "a unique metric name such as val_loss", g);
      }
    }
    if (!seen.contains(CommandContract.EPOCH)) {
      throw new InvalidValueException("trainer.stdout_metrics.groups", "a group named " + CommandContract.EPOCH
          + " (metrics belong to an epoch)", groups);
    }
    groups = List.copyOf(groups);
  }

  /** The metrics line for {@code line} of output ({@code {"epoch": 3, "val_loss": 0.41}} as JSON text), if it matches. */
  public java.util.Optional<String> metricsLine(String line) {
    Matcher m = Pattern.compile(pattern).matcher(line);
    if (!m.find()) {
      return java.util.Optional.empty();
    }
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < groups.size(); i++) {
      String value = m.group(i + 1);
      if (value == null) {
        continue;
      }
      String number = value.strip();
      // Python and C print nan and inf lowercase, which Java's parser does not read: no value either way.
      if (number.matches("(?i)[+-]?(nan|inf|infinity)")) {
        continue;
      }
      try {
        double d = Double.parseDouble(number);
        if (!Double.isFinite(d)) {
          continue;
        }
      } catch (NumberFormatException e) {
        // Not a number: passed on as text, which the harness reports as a malformed line when it is the epoch.
        number = '"' + number.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
      }
      json.append(json.length() > 1 ? ", " : "").append('"').append(groups.get(i)).append("\": ").append(number);
    }
    return java.util.Optional.of(json.append('}').toString());
  }
}
