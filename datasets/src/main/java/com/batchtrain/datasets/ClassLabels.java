package com.batchtrain.datasets;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A classifier's classes in index order: class {@code i} is the model's output {@code i}, and
 * {@code names.get(i)} is what plots, reports, predictions and {@code predict} call it.
 *
 * @param kind {@link Kind#INTEGER}: the data holds the labels {@code 0..N-1} and the names are only
 *     for display; {@link Kind#NAMED}: the data holds the names themselves
 */
public record ClassLabels(List<String> names, Kind kind) {
  public enum Kind {
    INTEGER, NAMED;

    /** As written to config.json and model.json: {@code integer} or {@code name}. */
    public String json() {
      return this == INTEGER ? "integer" : "name";
    }
  }

  public ClassLabels {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a classifier has classes");
    }
  }

  /** Integer labels {@code 0..count-1}, named {@code class0, class1, ...}. */
  public static ClassLabels integers(int count) {
    return new ClassLabels(IntStream.range(0, count).mapToObj(i -> "class" + i).toList(), Kind.INTEGER);
  }

  public int count() {
    return names.size();
  }
}
