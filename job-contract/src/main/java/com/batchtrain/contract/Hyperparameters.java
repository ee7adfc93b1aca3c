package com.batchtrain.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameters of a trial, parsed and range-checked. Both the CLI (when it expands a sweep)
 * and the job runtime (before it touches data) parse through here, so a bad value is rejected
 * with the same message in both places.
 */
public record Hyperparameters(
    List<Integer> hiddenUnits,
    Activation activation,
    double dropout,
    double learningRate,
    int batchSize,
    int epochs,
    Optimizer optimizer,
    double l2,
    long seed) {

  public enum Activation { RELU, TANH, SIGMOID, ELU }

  public enum Optimizer { ADAM, SGD }

  public static final String HIDDEN_UNITS = "hidden_units";
  public static final String ACTIVATION = "activation";
  public static final String DROPOUT = "dropout";
  public static final String LEARNING_RATE = "learning_rate";
  public static final String BATCH_SIZE = "batch_size";
  public static final String EPOCHS = "epochs";
  public static final String OPTIMIZER = "optimizer";
  public static final String L2 = "l2";
  public static final String SEED = "seed";

  public static final Set<String> NAMES =
      Set.of(HIDDEN_UNITS, ACTIVATION, DROPOUT, LEARNING_RATE, BATCH_SIZE, EPOCHS, OPTIMIZER, L2, SEED);

  public static Hyperparameters defaults() {
    return new Hyperparameters(List.of(64, 64), Activation.RELU, 0.0, 1e-3, 256, 20, Optimizer.ADAM, 0.0, 42L);
  }

  public Hyperparameters {
    hiddenUnits = List.copyOf(hiddenUnits);
    if (hiddenUnits.isEmpty() || hiddenUnits.size() > 8 || hiddenUnits.stream().anyMatch(u -> u < 1 || u > 4096)) {
      throw new InvalidValueException(HIDDEN_UNITS, "1-8 layer widths, each 1..4096", hiddenUnits);
    }
    requireRange(DROPOUT, dropout, 0.0, 0.95);
    if (!(learningRate > 0 && learningRate <= 1.0)) {
      throw new InvalidValueException(LEARNING_RATE, "a number in (0, 1]", learningRate);
    }
    if (batchSize < 1 || batchSize > 65_536) {
      throw new InvalidValueException(BATCH_SIZE, "an integer in 1..65536", batchSize);
    }
    if (epochs < 1 || epochs > 10_000) {
      throw new InvalidValueException(EPOCHS, "an integer in 1..10000", epochs);
    }
    requireRange(L2, l2, 0.0, 1.0);
  }

  /** Parses JSON-shaped values (numbers, strings, lists) over the defaults; unknown names are rejected. */
  public static Hyperparameters parse(Map<String, ?> values) {
    Hyperparameters d = defaults();
    for (String name : values.keySet()) {
      if (!NAMES.contains(name)) {
        throw new InvalidValueException("hyperparameters." + name, "one of " + new java.util.TreeSet<>(NAMES), name);
      }
    }
    return new Hyperparameters(
        values.containsKey(HIDDEN_UNITS) ? intList(HIDDEN_UNITS, values.get(HIDDEN_UNITS)) : d.hiddenUnits,
        values.containsKey(ACTIVATION) ? enumValue(ACTIVATION, Activation.class, values.get(ACTIVATION)) : d.activation,
        values.containsKey(DROPOUT) ? number(DROPOUT, values.get(DROPOUT)) : d.dropout,
        values.containsKey(LEARNING_RATE) ? number(LEARNING_RATE, values.get(LEARNING_RATE)) : d.learningRate,
        values.containsKey(BATCH_SIZE) ? integer(BATCH_SIZE, values.get(BATCH_SIZE)) : d.batchSize,
        values.containsKey(EPOCHS) ? integer(EPOCHS, values.get(EPOCHS)) : d.epochs,
        values.containsKey(OPTIMIZER) ? enumValue(OPTIMIZER, Optimizer.class, values.get(OPTIMIZER)) : d.optimizer,
        values.containsKey(L2) ? number(L2, values.get(L2)) : d.l2,
        values.containsKey(SEED) ? integer(SEED, values.get(SEED)) : d.seed);
  }

  /** JSON-shaped form, the inverse of {@link #parse}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(HIDDEN_UNITS, hiddenUnits);
    m.put(ACTIVATION, activation.name().toLowerCase());
    m.put(DROPOUT, dropout);
    m.put(LEARNING_RATE, learningRate);
    m.put(BATCH_SIZE, batchSize);
    m.put(EPOCHS, epochs);
    m.put(OPTIMIZER, optimizer.name().toLowerCase());
    m.put(L2, l2);
    m.put(SEED, seed);
    return m;
  }

  private static void requireRange(String field, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new InvalidValueException(field, "a number in [" + lo + ", " + hi + "]", v);
    }
  }

  private static double number(String field, Object v) {
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        double d = Double.parseDouble(s.trim());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    throw new InvalidValueException(field, "a finite number", v);
  }

  private static int integer(String field, Object v) {
    double d = number(field, v);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new InvalidValueException(field, "an integer", v);
    }
    return (int) d;
  }

  private static List<Integer> intList(String field, Object v) {
    List<Integer> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        out.add(integer(field, o));
      }
      return out;
    }
    if (v instanceof Number || v instanceof String s && !s.contains(",")) {
      out.add(integer(field, v));
      return out;
    }
    if (v instanceof String s) {
      for (String part : s.split(",")) {
        out.add(integer(field, part));
      }
      return out;
    }
    throw new InvalidValueException(field, "a list of layer widths, e.g. [64, 64]", v);
  }

  private static <E extends Enum<E>> E enumValue(String field, Class<E> type, Object v) {
    if (v instanceof String s) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s.trim())) {
          return e;
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase());
    }
    throw new InvalidValueException(field, "one of " + names, v);
  }
}
