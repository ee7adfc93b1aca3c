package com.batchtrain.contract;

import java.util.regex.Pattern;

/** Identifies a sweep; safe as an S3 key segment, a directory name and a Batch job name part. */
public record SweepId(String value) {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public SweepId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new InvalidValueException("sweep id", "lowercase letters, digits and '-', 1-63 chars, starting with a letter or digit", value);
    }
  }

  public static SweepId of(String value) {
    return new SweepId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
