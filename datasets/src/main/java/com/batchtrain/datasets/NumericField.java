package com.batchtrain.datasets;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A field that must hold a finite number (in float range), with the message naming file, line and
 * column. Parsed by jackson-core's bundled FastDoubleParser: the syntax and the value of
 * {@link Double#parseDouble} (the same double, then rounded to float as before), several times faster.
 */
final class NumericField {
  private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?\\d+,\\d+");

  private NumericField() {}

  static float parse(Path file, int line, String column, String text) {
    double v;
    try {
      v = NumberInput.parseDouble(text, true);
    } catch (NumberFormatException e) {
      String t = text.strip();
      throw new BadDataException(file + ":" + line + ": column '" + column + "': expected a number, got '" + t + "'"
          + (DECIMAL_COMMA.matcher(t).matches() ? " (a decimal comma: write numbers with a decimal point, 2.5)" : ""));
    }
    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
      throw new BadDataException(file + ":" + line + ": column '" + column + "': expected a finite number, got '" + text.strip() + "'");
    }
    return (float) v;
  }
}
