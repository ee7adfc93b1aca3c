package com.batchtrain.infra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Typed reads of CDK context values. Values given with {@code -c key=value} arrive as strings and
 * values from cdk.json as JSON numbers, booleans or strings, so every reader accepts both forms.
 */
final class ContextReader {
  private final Function<String, Object> lookup;

  ContextReader(Function<String, Object> lookup) {
    this.lookup = lookup;
  }

  Optional<String> optionalString(String key, Pattern pattern, String expected) {
    Object raw = lookup.apply(key);
    if (raw == null) {
      return Optional.empty();
    }
    String text = String.valueOf(raw);
    if (!(raw instanceof String) || !pattern.matcher(text).matches()) {
      throw new InvalidContextException(key, expected, raw);
    }
    return Optional.of(text);
  }

  String string(String key, String fallback, Pattern pattern, String expected) {
    return optionalString(key, pattern, expected).orElse(fallback);
  }

  int integer(String key, int fallback, IntPredicate accepted, String expected) {
    Object raw = lookup.apply(key);
    if (raw == null) {
      return fallback;
    }
    int value = toInt(key, raw, expected);
    if (!accepted.test(value)) {
      throw new InvalidContextException(key, expected, raw);
    }
    return value;
  }

  boolean bool(String key, boolean fallback) {
    Object raw = lookup.apply(key);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(raw);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new InvalidContextException(key, "true or false", raw);
  }

  <E extends Enum<E>> E enumValue(String key, E fallback, List<E> accepted) {
    Object raw = lookup.apply(key);
    if (raw == null) {
      return fallback;
    }
    String text = String.valueOf(raw);
    for (E candidate : accepted) {
      if (candidate.name().equals(text)) {
        return candidate;
      }
    }
    throw new InvalidContextException(key, "one of " + names(accepted), raw);
  }

  /** A list given as a JSON array in cdk.json or as a comma-separated string with -c. */
  List<String> list(String key, List<String> fallback, Pattern element, String expected) {
    Object raw = lookup.apply(key);
    if (raw == null) {
      return fallback;
    }
    List<String> items = new ArrayList<>();
    if (raw instanceof List<?> values) {
      values.forEach(v -> items.add(String.valueOf(v)));
    } else {
      Arrays.stream(String.valueOf(raw).split(",", -1)).map(String::trim).forEach(items::add);
    }
    if (items.isEmpty() || items.stream().anyMatch(i -> !element.matcher(i).matches())) {
      throw new InvalidContextException(key, expected, raw);
    }
    return List.copyOf(items);
  }

  /**
   * The entries of a list that may be empty: a JSON array in cdk.json or a comma-separated string
   * with -c, each entry trimmed; absent, {@code []} or an empty string is the empty list. An array
   * element that is not a string, or an empty entry ({@code "a,,b"}, a trailing comma), is rejected
   * with {@code expected}; what each entry must look like is for the caller to check.
   */
  List<String> entries(String key, String expected) {
    Object raw = lookup.apply(key);
    if (raw == null) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    if (raw instanceof List<?> values) {
      for (Object value : values) {
        if (!(value instanceof String text)) {
          throw new InvalidContextException(key, expected, value);
        }
        items.add(text.trim());
      }
    } else if (!String.valueOf(raw).isBlank()) {
      Arrays.stream(String.valueOf(raw).split(",", -1)).map(String::trim).forEach(items::add);
    }
    if (items.stream().anyMatch(String::isEmpty)) {
      throw new InvalidContextException(key, expected + " (no empty entries)", raw);
    }
    return List.copyOf(items);
  }

  private static int toInt(String key, Object raw, String expected) {
    if (raw instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
        return (int) d;
      }
      throw new InvalidContextException(key, expected, raw);
    }
    try {
      return Integer.parseInt(String.valueOf(raw).trim());
    } catch (NumberFormatException e) {
      throw new InvalidContextException(key, expected, raw);
    }
  }

  private static <E extends Enum<E>> String names(List<E> values) {
    return String.join(", ", values.stream().map(Enum::name).toList());
  }
}
