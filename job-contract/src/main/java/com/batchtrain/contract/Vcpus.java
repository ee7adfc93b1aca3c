package com.batchtrain.contract;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A trial's vCPU reservation, {@link JobEnv#VCPUS}: a positive integer, at most {@link #MAX}.
 * The cap is far above any instance size and only stops a typo from asking TensorFlow for a
 * million threads.
 */
public record Vcpus(int count) {
  public static final int MAX = 1024;
  static final String EXPECTED = "a positive integer (the trial's vCPU reservation), at most " + MAX;
  private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

  public Vcpus {
    if (count < 1 || count > MAX) {
      throw new InvalidValueException(JobEnv.VCPUS, EXPECTED, count);
    }
  }

  /** Digits only: "0", "-1", "x", "1.5", "" and " 4" are rejected, naming {@code BT_VCPUS}. */
  public static Vcpus parse(String text) {
    if (text == null || !DIGITS.matcher(text).matches()) {
      throw new InvalidValueException(JobEnv.VCPUS, EXPECTED, text);
    }
    int n = Integer.parseInt(text);
    if (n < 1 || n > MAX) {
      throw new InvalidValueException(JobEnv.VCPUS, EXPECTED, text);
    }
    return new Vcpus(n);
  }

  /** {@code BT_VCPUS} of {@code env}: empty when the variable is absent, else parsed (a bad value throws). */
  public static Optional<Vcpus> fromEnvironment(Map<String, String> env) {
    String text = env.get(JobEnv.VCPUS);
    return text == null ? Optional.empty() : Optional.of(parse(text));
  }

  /** The variable's value: the decimal count. */
  @Override
  public String toString() {
    return Integer.toString(count);
  }
}
