package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model declared by its dataset's columns instead of a built-in preset: the runtime trains its
 * generic MLP classifier or regressor on {@code features} to predict {@code target}. Validated here
 * so the CLI rejects a bad declaration before submission with the same message the job would give.
 *
 * @param classes number of classes of a classifier (labels {@code 0..classes-1}); null for a regressor
 * @param classNames optional display names of the classes (plots, reports); null when not given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
    @JsonProperty("task") Task task,
    @JsonProperty("features") List<String> features,
    @JsonProperty("target") String target,
    @JsonProperty("classes") Integer classes,
    @JsonProperty("classNames") List<String> classNames) {

  public enum Task {
    CLASSIFICATION, REGRESSION;

    @JsonCreator
    public static Task parse(String text) {
      if (text != null) {
        for (Task t : values()) {
          if (t.name().equalsIgnoreCase(text.trim())) {
            return t;
          }
        }
      }
      throw new InvalidValueException("model.task", "classification or regression", text);
    }

    @JsonValue
    public String json() {
      return name().toLowerCase();
    }
  }

  @JsonCreator
  public ModelSpec {
    if (task == null) {
      throw new InvalidValueException("model.task", "classification or regression", null);
    }
    if (features == null || features.isEmpty()) {
      throw new InvalidValueException("model.features", "a non-empty list of column names", features);
    }
    // List.copyOf rejects null elements with a bare NPE; check first so the message names the field.
    Set<String> seen = new HashSet<>();
    for (String f : features) {
      checkColumnName("model.features", f);
      if (!seen.add(f)) {
        throw new InvalidValueException("model.features", "unique column names", features);
      }
    }
    features = List.copyOf(features);
    checkColumnName("model.target", target);
    if (seen.contains(target)) {
      throw new InvalidValueException("model.target", "a column that is not among model.features", target);
    }
    if (task == Task.CLASSIFICATION) {
      if (classes == null || classes < 2) {
        throw new InvalidValueException("model.classes", "an integer >= 2 for a classifier (labels 0..classes-1)", classes);
      }
    } else if (classes != null) {
      throw new InvalidValueException("model.classes", "no classes for a regressor", classes);
    }
    if (classNames != null) {
      if (task == Task.REGRESSION) {
        throw new InvalidValueException("model.classNames", "no class names for a regressor", classNames);
      }
      if (classNames.size() != classes) {
        throw new InvalidValueException("model.classNames", classes + " names, one per class", classNames);
      }
      if (classNames.stream().anyMatch(n -> n == null || n.isBlank()) || Set.copyOf(classNames).size() != classNames.size()) {
        throw new InvalidValueException("model.classNames", "unique non-blank names", classNames);
      }
      classNames = List.copyOf(classNames);
    }
  }

  /** A regressor of {@code target} on {@code features}. */
  public static ModelSpec regression(List<String> features, String target) {
    return new ModelSpec(Task.REGRESSION, features, target, null, null);
  }

  /** A classifier of {@code target} (labels {@code 0..classes-1}) on {@code features}, classes unnamed. */
  public static ModelSpec classification(List<String> features, String target, int classes) {
    return new ModelSpec(Task.CLASSIFICATION, features, target, classes, null);
  }

  /**
   * Column names are matched against a CSV header split on commas and trimmed, and against
   * TFRecord feature keys: a name with a comma or surrounding blanks could never match.
   */
  private static void checkColumnName(String field, String name) {
    if (name == null || name.isBlank() || name.contains(",") || !name.equals(name.strip())) {
      throw new InvalidValueException(field, "column names without commas or surrounding blanks", name);
    }
  }
}
