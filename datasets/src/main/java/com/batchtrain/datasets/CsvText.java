package com.batchtrain.datasets;

/** Writing one CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break. */
public final class CsvText {
  private CsvText() {}

  public static String field(String value) {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
