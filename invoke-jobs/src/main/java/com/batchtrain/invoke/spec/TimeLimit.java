package com.batchtrain.invoke.spec;

import com.batchtrain.contract.InvalidValueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A wall-clock limit written as {@code 90s}, {@code 30m}, {@code 2h} or {@code 1h30m}. */
public record TimeLimit(long seconds) {
  private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  /** AWS Batch rejects attempt durations under 60 seconds. */
  public static final long MIN_SECONDS = 60;
  /** Batch array children and local trials alike: two weeks is far past any sane trial. */
  public static final long MAX_SECONDS = 14L * 24 * 3600;

  public TimeLimit {
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw new InvalidValueException("timeout", "a duration between 1m and 336h", seconds + "s");
    }
  }

  public static TimeLimit parse(String field, Object value) {
    String expected = "a duration such as 90s, 30m, 2h or 1h30m (at least 1m, at most 336h)";
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidValueException(field, expected, value);
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
      throw new InvalidValueException(field, expected, text);
    }
    try {
      long total = Math.addExact(Math.addExact(
          Math.multiplyExact(part(m.group(1)), 3600L), Math.multiplyExact(part(m.group(2)), 60L)), part(m.group(3)));
      if (total < MIN_SECONDS || total > MAX_SECONDS) {
        throw new InvalidValueException(field, expected, text);
      }
      return new TimeLimit(total);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new InvalidValueException(field, expected, text);
    }
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  /** The shortest spelling, e.g. {@code 1h30m}. */
  @Override
  public String toString() {
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    return (h > 0 ? h + "h" : "") + (m > 0 ? m + "m" : "") + (s > 0 ? s + "s" : "");
  }
}
