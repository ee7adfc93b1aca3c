package com.batchtrain.invoke.cost;

import java.util.Locale;

/** Number formats of the cost lines: few digits, the same in every locale. */
final class CostFormat {
  private CostFormat() {}

  /** Dollars: whole dollars from $10, cents from 10 cents, two significant digits below (a short sweep's $0.0027). */
  static String dollars(double value) {
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return value >= 0.1 || value == 0 ? String.format(Locale.ROOT, "%.2f", value) : significant(value);
  }

  /** Two significant digits, without a trailing zero: 0.0027, 0.00031. */
  private static String significant(double value) {
    // valueOf, not new BigDecimal(double): 0.0425 rounds as written, not as its binary expansion 0.04249...
    return java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
  }

  /** Hours: whole hours from 100, one decimal from 1, else two decimals (two significant digits below 0.01). */
  static String hours(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return value >= 0.01 || value == 0 ? String.format(Locale.ROOT, "%.2f", value) : significant(value);
  }

  /** Seconds per epoch: whole seconds from 10, one decimal from 1, two from 0.1, else three. */
  static String seconds(double value) {
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return value >= 0.1 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.3f", value);
  }

  /** A count that may be fractional (expected epochs): no decimals when whole. */
  static String count(double value) {
    return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  /**
   * Hours as a duration in the unit of {@code scale} (seconds below a minute, minutes below an hour,
   * else hours), so that both ends of a range read in one unit: {@code 29-33 s}, {@code 12-15 min}.
   */
  static String duration(double low, double high) {
    double seconds = high * 3600;
    String unit = seconds < 60 ? "s" : seconds < 3600 ? "min" : "h";
    double per = unit.equals("s") ? 1.0 / 3600 : unit.equals("min") ? 1.0 / 60 : 1;
    String format = unit.equals("h") ? "%.1f" : "%.0f";
    String lo = String.format(Locale.ROOT, format, low / per);
    String hi = String.format(Locale.ROOT, format, high / per);
    return (lo.equals(hi) ? lo : lo + "-" + hi) + " " + unit;
  }
}
