package com.batchtrain.contract;

/**
 * A user-supplied value was rejected. Carries the field it came from and what was expected, so the
 * message a user sees names both. Maps to {@link ExitCode#BAD_INPUT}.
 */
public class InvalidValueException extends IllegalArgumentException {
  private final String field;
  private final String expected;

  public InvalidValueException(String field, String expected, Object actual) {
    super(field + ": expected " + expected + ", got " + describe(actual));
    this.field = field;
    this.expected = expected;
  }

  public String field() {
    return field;
  }

  public String expected() {
    return expected;
  }

  private static String describe(Object actual) {
    if (actual == null) {
      return "nothing";
    }
    return actual instanceof String s ? "'" + s + "'" : String.valueOf(actual);
  }
}
