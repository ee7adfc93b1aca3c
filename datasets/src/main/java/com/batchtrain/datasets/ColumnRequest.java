package com.batchtrain.datasets;

import com.batchtrain.contract.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The columns a model reads, as declared: the features (or "every column but the target and the
 * ignored ones"), the target (none when reading inputs for inference) and, for a classifier, what
 * the declaration says about its classes.
 */
public record ColumnRequest(Optional<List<String>> features, List<String> ignore, Optional<String> target,
    Optional<ClassDeclaration> classes) {

  public ColumnRequest {
    features = features.map(List::copyOf);
    ignore = List.copyOf(ignore);
  }

  /** What a declared model (or a preset's declaration) reads. */
  public static ColumnRequest of(ModelSpec model) {
    Optional<ClassDeclaration> classes = model.task() == ModelSpec.Task.CLASSIFICATION
        ? Optional.of(new ClassDeclaration(model.target(), model.classes(), model.classNames()))
        : Optional.empty();
    return new ColumnRequest(Optional.ofNullable(model.features()), model.ignoredColumns(), Optional.of(model.target()), classes);
  }

  /** Inputs for inference: these feature columns, no target. */
  public static ColumnRequest featuresOnly(List<String> features) {
    return new ColumnRequest(Optional.of(features), List.of(), Optional.empty(), Optional.empty());
  }

  /**
   * Finds the columns in a CSV header (names trimmed). Every declared column must be there exactly
   * once; with features from the header, every column read needs a unique, non-blank name.
   */
  TableColumns resolve(Path file, List<String> header) {
    Map<String, List<Integer>> positions = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      positions.computeIfAbsent(header.get(i), k -> new ArrayList<>()).add(i);
    }
    List<String> names;
    if (features.isPresent()) {
      names = features.get();
    } else {
      for (String ignored : ignore) {
        if (!positions.containsKey(ignored)) {
          throw new BadDataException(file + ":1: the ignored column '" + ignored + "' is not in the header (header has "
              + header + "); expected model.ignore to name columns of the data");
        }
      }
      Set<String> skip = new java.util.HashSet<>(ignore);
      target.ifPresent(skip::add);
      names = new ArrayList<>();
      Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i);
        if (skip.contains(name)) {
          continue;
        }
        if (name.isEmpty()) {
          throw new BadDataException(file + ":1: header field " + (i + 1) + " has no name; expected every column to be named"
              + " when the features are all columns but the target (name it in the file, or declare"
              + " model.features; pandas writes an unnamed index column unless to_csv(index=False))");
        }
        if (seen.add(name)) {
          names.add(name);
        }
      }
      if (names.isEmpty()) {
        throw new BadDataException(file + ":1: no feature columns: the header " + header + " has only the target and ignored"
            + " columns; expected at least one feature column");
      }
    }
    int[] featureIndex = new int[names.size()];
    for (int i = 0; i < featureIndex.length; i++) {
      featureIndex[i] = indexOf(file, header, positions, names.get(i));
    }
    int targetIndex = target.map(t -> indexOf(file, header, positions, t)).orElse(-1);
    return new TableColumns(names, target, featureIndex, targetIndex);
  }

  private static int indexOf(Path file, List<String> header, Map<String, List<Integer>> positions, String column) {
    List<Integer> at = positions.get(column);
    if (at == null) {
      throw new BadDataException(file + ":1: missing column '" + column + "' (header has " + header + ")");
    }
    if (at.size() > 1) {
      throw new BadDataException(file + ":1: column '" + column + "' appears " + at.size() + " times in the header (fields "
          + at.stream().map(i -> Integer.toString(i + 1)).reduce((a, b) -> a + ", " + b).orElseThrow()
          + "); expected unique column names");
    }
    return at.get(0);
  }
}
