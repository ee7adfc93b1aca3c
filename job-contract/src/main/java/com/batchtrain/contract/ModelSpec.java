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
 * What can only be checked against the data (columns present, labels) is the datasets module's.
 *
 * @param features the feature columns in the model's input order; null means every column of the
 *     data except the target and the {@code ignore} columns (resolved from the header)
 * @param classes number of classes of a classifier; null for a regressor, and for a classifier whose
 *     classes are inferred from the data (its labels, or {@code classNames})
 * @param classNames optional, classification only: with integer labels {@code 0..N-1} their display
 *     names; with string labels the labels themselves, in class order (index 0 first). Null when not given
 * @param ignore optional, only without {@code features}: columns that are not features
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
    @JsonProperty("task") Task task,
    @JsonProperty("features") List<String> features,
    @JsonProperty("target") String target,
    @JsonProperty("classes") Integer classes,
    @JsonProperty("classNames") List<String> classNames,
    @JsonProperty("ignore") List<String> ignore) {

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
    checkColumnName("model.target", target);
    if (features != null) {
      features = uniqueColumns("model.features", features, "a non-empty list of column names (or no features: every column but the target)");
      if (features.contains(target)) {
        throw new InvalidValueException("model.target", "a column that is not among model.features", target);
      }
      if (ignore != null) {
        throw new InvalidValueException("model.ignore", "no ignore list with model.features (the features already name every"
            + " column the model reads)", ignore);
      }
    }
    if (ignore != null) {
      ignore = uniqueColumns("model.ignore", ignore, "a non-empty list of column names");
      if (ignore.contains(target)) {
        throw new InvalidValueException("model.ignore", "columns other than model.target", ignore);
      }
    }
    if (task == Task.CLASSIFICATION) {
      if (classes != null && classes < 2) {
        throw new InvalidValueException("model.classes", "an integer >= 2 for a classifier (or no classes: inferred from the data)", classes);
      }
    } else if (classes != null) {
      throw new InvalidValueException("model.classes", "no classes for a regressor", classes);
    }
    if (classNames != null) {
      if (task == Task.REGRESSION) {
        throw new InvalidValueException("model.classNames", "no class names for a regressor", classNames);
      }
      if (classes != null && classNames.size() != classes) {
        throw new InvalidValueException("model.classNames", classes + " names, one per class", classNames);
      }
      if (classNames.size() < 2) {
        throw new InvalidValueException("model.classNames", "at least 2 names, one per class", classNames);
      }
      if (classNames.stream().anyMatch(n -> n == null || n.isBlank() || !n.equals(n.strip()))
          || Set.copyOf(classNames).size() != classNames.size()) {
        throw new InvalidValueException("model.classNames", "unique non-blank names without surrounding blanks", classNames);
      }
      classNames = List.copyOf(classNames);
    }
  }

  /** A declaration without an {@code ignore} list (the form before features could be omitted). */
  public ModelSpec(Task task, List<String> features, String target, Integer classes, List<String> classNames) {
    this(task, features, target, classes, classNames, null);
  }

  /** A regressor of {@code target} on {@code features}. */
  public static ModelSpec regression(List<String> features, String target) {
    return new ModelSpec(Task.REGRESSION, features, target, null, null, null);
  }

  /** A classifier of {@code target} (labels {@code 0..classes-1}) on {@code features}, classes unnamed. */
  public static ModelSpec classification(List<String> features, String target, int classes) {
    return new ModelSpec(Task.CLASSIFICATION, features, target, classes, null, null);
  }

  /** True when the features are every column but the target and {@link #ignore}: they come from the data's header. */
  public boolean featuresFromData() {
    return features == null;
  }

  /** The columns that are never features when {@link #featuresFromData()}: none when not given. */
  public List<String> ignoredColumns() {
    return ignore == null ? List.of() : ignore;
  }

  /** This declaration with its features resolved (from a header): the ignore list has done its work. */
  public ModelSpec withFeatures(List<String> resolved) {
    return new ModelSpec(task, resolved, target, classes, classNames, null);
  }

  private static List<String> uniqueColumns(String field, List<String> names, String expected) {
    if (names.isEmpty()) {
      throw new InvalidValueException(field, expected, names);
    }
    // List.copyOf rejects null elements with a bare NPE; check first so the message names the field.
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      checkColumnName(field, n);
      if (!seen.add(n)) {
        throw new InvalidValueException(field, "unique column names", names);
      }
    }
    return List.copyOf(names);
  }

  /**
   * Header names are trimmed when a CSV is read (quoted names may hold commas), and TFRecord feature
   * keys are matched as they are: a name with surrounding blanks could never match.
   */
  private static void checkColumnName(String field, String name) {
    if (name == null || name.isBlank() || !name.equals(name.strip())) {
      throw new InvalidValueException(field, "column names without surrounding blanks", name);
    }
  }
}
