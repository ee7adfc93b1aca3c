package com.batchtrain.datasets;

import java.util.List;
import java.util.Optional;

/**
 * What a scan of a dataset found: its files, the feature columns in model order (resolved from the
 * header when the declaration left them out), the target, a classifier's classes and how each row's
 * provisional label id maps to its class index, and the rows read.
 *
 * @param complete every row of every file was read (not a sample)
 */
public record ScannedTable(DatasetFiles files, List<String> features, Optional<String> target, Optional<LabelMapping> labels,
    long rows, boolean complete) {
  public ScannedTable {
    features = List.copyOf(features);
  }

  public Optional<ClassLabels> classes() {
    return labels.map(LabelMapping::classes);
  }
}
