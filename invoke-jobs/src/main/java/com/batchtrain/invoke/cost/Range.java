package com.batchtrain.invoke.cost;

/**
 * A non-negative low..high interval (hours or dollars). Estimates are ranges because epoch times are:
 * the low end from fast epochs, the high end from slow ones.
 */
public record Range(double low, double high) {
  public static final Range ZERO = new Range(0, 0);

  public Range {
    if (!Double.isFinite(low) || !Double.isFinite(high) || low < 0 || low > high) {
      throw new IllegalArgumentException("a range needs finite 0 <= low <= high, got " + low + ".." + high);
    }
  }

  public static Range of(double value) {
    return new Range(value, value);
  }

  public Range plus(Range other) {
    return new Range(low + other.low, high + other.high);
  }

  public Range times(double factor) {
    if (!(factor >= 0) || !Double.isFinite(factor)) {
      throw new IllegalArgumentException("a range scales by a finite factor >= 0, got " + factor);
    }
    return new Range(low * factor, high * factor);
  }

  /** As the CLI prints dollars: {@code $48-64}, {@code $7.50-9.80}, {@code $0.03}. */
  public String dollars() {
    String lo = CostFormat.dollars(low);
    String hi = CostFormat.dollars(high);
    return "$" + (lo.equals(hi) ? lo : lo + "-" + hi);
  }

  /** As the CLI prints hours: {@code 3.9-5.2}, {@code 0.42}. */
  public String hours() {
    String lo = CostFormat.hours(low);
    String hi = CostFormat.hours(high);
    return lo.equals(hi) ? lo : lo + "-" + hi;
  }

  /** Hours as a duration: {@code 29-33 s}, {@code 12 min}, {@code 1.5-2.0 h}. */
  public String duration() {
    return CostFormat.duration(low, high);
  }
}
