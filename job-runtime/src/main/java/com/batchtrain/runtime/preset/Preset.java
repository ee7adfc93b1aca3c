package com.batchtrain.runtime.preset;

import com.batchtrain.contract.Objective;
import com.batchtrain.runtime.data.ColumnSpec;
import com.batchtrain.runtime.data.Task;
import java.util.List;

/**
 * A named model recipe: which columns to read, the task, the objective used to select checkpoints
 * when the trials file names none, and the class names of a classifier.
 */
public record Preset(String name, String description, ColumnSpec columns, Objective defaultObjective, List<String> classNames) {
  public Preset {
    classNames = List.copyOf(classNames);
    if (columns.task() == Task.CLASSIFICATION && classNames.size() != columns.classes()) {
      throw new IllegalArgumentException(name + ": " + classNames.size() + " class names for " + columns.classes() + " classes");
    }
  }

  public Task task() {
    return columns.task();
  }

  /** Validation metrics every epoch reports for this task; an objective must name one of these. */
  public List<String> validationMetrics() {
    return task() == Task.CLASSIFICATION
        ? List.of("val_loss", "val_accuracy", "val_balanced_accuracy", "val_macro_f1")
        : List.of("val_loss", "val_rmse", "val_mae", "val_r2");
  }
}
