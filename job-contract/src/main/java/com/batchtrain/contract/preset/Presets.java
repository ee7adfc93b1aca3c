package com.batchtrain.contract.preset;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        new ModelSpec(ModelSpec.Task.CLASSIFICATION, CalcloudColumns.FEATURES, CalcloudColumns.MEMORY_BIN, 4,
            List.of("lt2gb", "2to8gb", "8to16gb", "16to64gb")),
        new Objective("val_loss", Objective.Goal.MINIMIZE)));
    add(new Preset(MEMORY, "memory regressor (GB)",
        ModelSpec.regression(CalcloudColumns.FEATURES, CalcloudColumns.MEMORY_GB),
        new Objective("val_loss", Objective.Goal.MINIMIZE)));
    add(new Preset(WALLCLOCK, "wallclock regressor (seconds)",
        ModelSpec.regression(CalcloudColumns.FEATURES, CalcloudColumns.WALLCLOCK_SECONDS),
        new Objective("val_loss", Objective.Goal.MINIMIZE)));
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
   * includes the resolved columns (and string classes), so two declared models never resume each
   * other's checkpoints.
   */
  public static Preset declared(ModelSpec model) {
    String columns = model.featuresFromData() ? "every other column" : model.features().size() + " columns";
    if (model.task() == ModelSpec.Task.CLASSIFICATION) {
      String classes = model.classes() != null ? model.classes() + "-class" : model.classNames() != null
          ? model.classNames().size() + "-class" : "classes-from-the-data";
      return new Preset(CUSTOM_CLASSIFIER, classes + " classifier of " + model.target() + " from " + columns, model,
          new Objective("val_loss", Objective.Goal.MINIMIZE));
    }
    return new Preset(CUSTOM_REGRESSOR, "regressor of " + model.target() + " from " + columns, model,
        new Objective("val_loss", Objective.Goal.MINIMIZE));
  }

  public static List<Preset> all() {
    return List.copyOf(ALL.values());
  }
}
