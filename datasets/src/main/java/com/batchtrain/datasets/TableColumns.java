package com.batchtrain.datasets;

import java.util.List;
import java.util.Optional;

/** The columns found in one file's header: feature names in model order, the target, and their positions. */
record TableColumns(List<String> features, Optional<String> target, int[] featureIndex, int targetIndex) {
  TableColumns {
    features = List.copyOf(features);
  }

  int width() {
    return features.size();
  }
}
