package com.batchtrain.datasets;

import java.util.List;

/**
 * What a classifier's declaration says about its classes: the target column, the class count
 * ({@code null}: inferred from the data) and the class names ({@code null}: none given).
 */
public record ClassDeclaration(String column, Integer classes, List<String> names) {
  public ClassDeclaration {
    names = names == null ? null : List.copyOf(names);
  }
}
