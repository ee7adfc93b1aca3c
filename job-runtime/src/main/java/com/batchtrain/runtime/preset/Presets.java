package com.batchtrain.runtime.preset;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.runtime.data.ColumnSpec;
import com.batchtrain.runtime.data.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The built-in presets, reproducing HST calcloud's job-resource models. */
public final class Presets {
  private Presets() {}

  public static final String MEMORY_BIN = "calcloud-memory-bin";
  public static final String MEMORY = "calcloud-memory";
  public static final String WALLCLOCK = "calcloud-wallclock";
  /** Names of a model declared by columns ({@link #declared}); not selectable by name, they carry no columns. */
  public static final String CUSTOM_CLASSIFIER = "custom-classifier";
  public static final String CUSTOM_REGRESSOR = "custom-regressor";

  private static final Map<String, Preset> ALL = new LinkedHashMap<>();

  static {
    add(new Preset(MEMORY_BIN, "4-bin memory classifier: <2, 2-8, 8-16, 16-64 GB",
        new ColumnSpec(CalcloudGenerator.FEATURES, CalcloudGenerator.MEMORY_BIN, Task.CLASSIFICATION, 4),
        new Objective("val_loss", Objective.Goal.MINIMIZE),
        List.of("lt2gb", "2to8gb", "8to16gb", "16to64gb")));
    add(new Preset(MEMORY, "memory regressor (GB)",
        new ColumnSpec(CalcloudGenerator.FEATURES, CalcloudGenerator.MEMORY_GB, Task.REGRESSION, 0),
        new Objective("val_loss", Objective.Goal.MINIMIZE), List.of()));
    add(new Preset(WALLCLOCK, "wallclock regressor (seconds)",
        new ColumnSpec(CalcloudGenerator.FEATURES, CalcloudGenerator.WALLCLOCK_SECONDS, Task.REGRESSION, 0),
        new Objective("val_loss", Objective.Goal.MINIMIZE), List.of()));
  }

  private static void add(Preset p) {
    ALL.put(p.name(), p);
  }

  public static Preset byName(String name) {
    Preset p = name == null ? null : ALL.get(name.trim());
    if (p == null) {
      throw new InvalidValueException("preset", "one of " + ALL.keySet(), name);
    }
    return p;
  }

  /**
   * The preset-equivalent of a model declared by its columns, so the rest of the pipeline (loading,
   * checkpoint identity, outputs, plots) treats it like a built-in preset. The checkpoint identity
   * includes the columns, so two declared models never resume each other's checkpoints.
   */
  public static Preset declared(ModelSpec model) {
    if (model.task() == ModelSpec.Task.CLASSIFICATION) {
      int classes = model.classes();
      List<String> names = model.classNames() != null ? model.classNames()
          : IntStream.range(0, classes).mapToObj(i -> "class" + i).toList();
      return new Preset(CUSTOM_CLASSIFIER, classes + "-class classifier of " + model.target() + " from " + model.features().size() + " columns",
          new ColumnSpec(model.features(), model.target(), Task.CLASSIFICATION, classes),
          new Objective("val_loss", Objective.Goal.MINIMIZE), names);
    }
    return new Preset(CUSTOM_REGRESSOR, "regressor of " + model.target() + " from " + model.features().size() + " columns",
        new ColumnSpec(model.features(), model.target(), Task.REGRESSION, 0),
        new Objective("val_loss", Objective.Goal.MINIMIZE), List.of());
  }

  public static List<Preset> all() {
    return List.copyOf(ALL.values());
  }
}
