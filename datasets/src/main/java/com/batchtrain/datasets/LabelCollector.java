package com.batchtrain.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects a classifier's labels while rows are read, then maps them to class indexes once the
 * whole dataset (or a sample) has been seen. Each row gets a provisional id (the order in which
 * its label first appeared); {@link #resolve} turns the ids into class indexes:
 * <ul>
 *   <li>every label a number: integer labels {@code 0..N-1}, N from {@code classes}, the class
 *       names, or the largest label + 1; the names are display names (default {@code class0..});</li>
 *   <li>otherwise string labels: the classes are the labels, in the declared class names' order
 *       (which must then be exactly the labels found) or sorted ({@link String#compareTo}).</li>
 * </ul>
 * Labels are trimmed. Errors name the line where the offending label first appears.
 */
public final class LabelCollector {
  /** More distinct labels than this is not a classification target (or not one this MLP is for). */
  public static final int MAX_CLASSES = 1000;

  private final ClassDeclaration declaration;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> labels = new ArrayList<>();
  private final List<String> firstSeen = new ArrayList<>();

  public LabelCollector(ClassDeclaration declaration) {
    this.declaration = declaration;
  }

  /** The provisional id of the label in {@code file} at {@code line}. */
  public int idAtLine(String raw, Path file, long line) {
    Integer id = ids.get(raw);
    return id != null ? id : add(raw, file, ":" + line);
  }

  /** The provisional id of the label of TFRecord {@code record} of {@code file}. */
  public int idAtRecord(String raw, Path file, long record) {
    Integer id = ids.get(raw);
    return id != null ? id : add(raw, file, ": record " + record);
  }

  private int add(String raw, Path file, String position) {
    String label = raw.strip();
    Integer id = ids.get(label);
    if (id == null) {
      String where = file + position;
      if (label.isEmpty()) {
        throw new BadDataException(where + ": column '" + declaration.column() + "': expected a class label, got an empty field");
      }
      if (labels.size() == MAX_CLASSES) {
        throw new BadDataException(where + ": column '" + declaration.column() + "': more than " + MAX_CLASSES
            + " distinct labels (this one '" + label + "'); expected a classifier's class labels (is it a regression target?)");
      }
      id = labels.size();
      labels.add(label);
      firstSeen.add(where);
      ids.put(label, id);
    }
    // The untrimmed spelling maps to the same id from now on.
    ids.put(raw, id);
    return id;
  }

  /**
   * The classes and each provisional id's class index. With {@code complete} false only a sample was
   * read: what the rest of the data could still fix (a class not seen yet) is not an error, and the
   * classes returned are those seen so far.
   *
   * @param location the dataset, named in errors about the labels as a whole
   */
  public LabelMapping resolve(Path location, boolean complete) {
    if (labels.isEmpty()) {
      throw new BadDataException(location + ": column '" + declaration.column() + "': no labels; expected rows with class labels");
    }
    return labels.stream().allMatch(LabelCollector::isNumber) ? integers(location, complete) : named(location, complete);
  }

  private LabelMapping integers(Path location, boolean complete) {
    Integer declared = declaration.classes() != null ? declaration.classes()
        : declaration.names() != null ? Integer.valueOf(declaration.names().size()) : null;
    int[] index = new int[labels.size()];
    int max = -1;
    for (int i = 0; i < labels.size(); i++) {
      double v = Double.parseDouble(labels.get(i));
      boolean integral = v == Math.rint(v) && v >= 0 && v < MAX_CLASSES;
      if (!integral || (declared != null && v >= declared)) {
        throw new BadDataException(firstSeen.get(i) + ": column '" + declaration.column() + "': expected "
            + (declared != null ? "an integer class label in 0.." + (declared - 1)
                : "an integer class label 0, 1, 2, ... (or string labels)")
            + ", got '" + labels.get(i) + "'");
      }
      index[i] = (int) v;
      max = Math.max(max, index[i]);
    }
    int count = declared != null ? declared : max + 1;
    if (complete && count < 2) {
      throw new BadDataException(location + ": column '" + declaration.column() + "': expected at least 2 classes (labels 0..N-1),"
          + " found only the label " + max);
    }
    ClassLabels classes = declaration.names() != null ? new ClassLabels(declaration.names(), ClassLabels.Kind.INTEGER)
        : ClassLabels.integers(count);
    return new LabelMapping(classes, index);
  }

  private LabelMapping named(Path location, boolean complete) {
    List<String> sorted = labels.stream().sorted().toList();
    List<String> order;
    if (declaration.names() != null) {
      order = declaration.names();
      Set<String> known = new HashSet<>(order);
      for (int i = 0; i < labels.size(); i++) {
        if (!known.contains(labels.get(i))) {
          throw new BadDataException(firstSeen.get(i) + ": column '" + declaration.column() + "': label '" + labels.get(i)
              + "' is not one of the declared class names " + order);
        }
      }
      if (complete) {
        List<String> absent = order.stream().filter(n -> !ids.containsKey(n)).toList();
        if (!absent.isEmpty()) {
          throw new BadDataException(location + ": column '" + declaration.column() + "': the declared class names " + order
              + " include " + quoted(absent) + ", which no row has; expected exactly the labels in the data " + sorted);
        }
      }
    } else {
      order = sorted;
      Integer declared = declaration.classes();
      if (declared != null && (complete ? sorted.size() != declared : sorted.size() > declared)) {
        throw new BadDataException(location + ": column '" + declaration.column() + "': expected " + declared
            + " classes (model.classes), found " + sorted.size() + " labels " + sorted);
      }
      if (complete && sorted.size() < 2) {
        throw new BadDataException(location + ": column '" + declaration.column() + "': expected at least 2 classes, found only the"
            + " label '" + sorted.get(0) + "'");
      }
    }
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.put(order.get(i), i);
    }
    int[] index = labels.stream().mapToInt(position::get).toArray();
    return new LabelMapping(new ClassLabels(order, ClassLabels.Kind.NAMED), index);
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }

  private static boolean isNumber(String label) {
    try {
      return Double.isFinite(Double.parseDouble(label));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
