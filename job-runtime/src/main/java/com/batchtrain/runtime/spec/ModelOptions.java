package com.batchtrain.runtime.spec;

import java.util.Optional;

/**
 * The {@code train} options that declare a model by columns ({@code --task --features --target
 * --classes --class-names --ignore}), unparsed; all empty when the model comes from a preset.
 */
public record ModelOptions(
    Optional<String> task,
    Optional<String> features,
    Optional<String> target,
    Optional<String> classes,
    Optional<String> classNames,
    Optional<String> ignore) {

  /** Options without {@code --ignore}. */
  public ModelOptions(Optional<String> task, Optional<String> features, Optional<String> target, Optional<String> classes,
      Optional<String> classNames) {
    this(task, features, target, classes, classNames, Optional.empty());
  }

  public static ModelOptions none() {
    return new ModelOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** True when any of the options was given: then the model is declared, and task and target are required. */
  public boolean any() {
    return task.isPresent() || features.isPresent() || target.isPresent() || classes.isPresent() || classNames.isPresent()
        || ignore.isPresent();
  }
}
