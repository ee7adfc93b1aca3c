package com.batchtrain.contract.preset;

import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import java.util.List;

/**
 * A named model recipe: the columns it reads and its classes as a {@link ModelSpec} declaration
 * (so the CLI and the stage job can check data against it without the runtime), and the objective
 * used to select checkpoints when the trials file names none. What the declaration leaves to the
 * data (features, classes) is resolved when the data is loaded.
 */
public record Preset(String name, String description, ModelSpec model, Objective defaultObjective) {
  public ModelSpec.Task task() {
    return model.task();
  }

  /** Validation metrics every epoch reports for this task; an objective must name one of these. */
  public List<String> validationMetrics() {
    return task() == ModelSpec.Task.CLASSIFICATION
        ? List.of("val_loss", "val_accuracy", "val_balanced_accuracy", "val_macro_f1")
        : List.of("val_loss", "val_rmse", "val_mae", "val_r2");
  }
}
