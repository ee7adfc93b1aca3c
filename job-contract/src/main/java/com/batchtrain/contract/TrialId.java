package com.batchtrain.contract;

import java.util.regex.Pattern;

/** Identifies a trial within a sweep: {@code t} + the zero-padded array index. */
public record TrialId(String value) implements Comparable<TrialId> {
  private static final Pattern FORMAT = Pattern.compile("t\\d{4,}");
  /** Batch array jobs have at most 10,000 children. */
  public static final int MAX_INDEX = 9_999;

  public TrialId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new InvalidValueException("trial id", "'t' followed by at least 4 digits, e.g. t0007", value);
    }
  }

  public static TrialId of(String value) {
    return new TrialId(value);
  }

  public static TrialId ofIndex(int index) {
    if (index < 0 || index > MAX_INDEX) {
      throw new InvalidValueException("trial index", "0.." + MAX_INDEX, index);
    }
    return new TrialId(String.format("t%04d", index));
  }

  public int index() {
    return Integer.parseInt(value.substring(1));
  }

  @Override
  public int compareTo(TrialId other) {
    return Integer.compare(index(), other.index());
  }

  @Override
  public String toString() {
    return value;
  }
}
