package com.batchtrain.runtime.data;

import com.batchtrain.contract.ModelSpec.Task;
import java.util.List;

/**
 * The columns a model reads, resolved against the data: feature columns in order and the target
 * column. For classification the target holds class indexes {@code 0..classes-1} once loaded (the
 * data's labels mapped by the datasets module). A null target (see {@link #featuresOnly}) reads
 * inputs for inference, where targets are unknown.
 */
public record ColumnSpec(List<String> features, String target, Task task, int classes) {
  public ColumnSpec {
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one feature column");
    }
    if (task == Task.CLASSIFICATION && classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes");
    }
    if (task == Task.REGRESSION) {
      classes = 0;
    }
  }

  public static ColumnSpec featuresOnly(List<String> features) {
    return new ColumnSpec(features, null, Task.REGRESSION, 0);
  }

  public boolean hasTarget() {
    return target != null;
  }

  public int width() {
    return features.size();
  }
}
