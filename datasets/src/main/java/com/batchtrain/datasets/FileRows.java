package com.batchtrain.datasets;

import java.util.List;

/** What was read from one file: its feature columns in model order, the rows, and whether that was every row. */
public record FileRows(List<String> features, long rows, boolean complete) {
  public FileRows {
    features = List.copyOf(features);
  }
}
