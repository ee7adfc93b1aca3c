package com.batchtrain.contract.preset;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the built-in calcloud dataset ({@code builtin:calcloud}), in file order: what the
 * runtime's generator writes and what the calcloud presets read. Here, not in the runtime, so that
 * the CLI can check a sweep against a preset without TensorFlow on its class path.
 */
public final class CalcloudColumns {
  private CalcloudColumns() {}

  public static final List<String> FEATURES = List.of(
      "n_files", "total_mb", "drizcorr", "pctecorr", "crsplit", "subarray", "detector", "dtype",
      "instr_acs", "instr_wfc3", "instr_cos", "instr_stis");
  public static final String MEMORY_GB = "memory_gb";
  public static final String MEMORY_BIN = "mem_bin";
  public static final String WALLCLOCK_SECONDS = "wallclock_s";
  /** Every column: the features, then the three targets. */
  public static final List<String> COLUMNS;

  static {
    List<String> c = new ArrayList<>(FEATURES);
    c.addAll(List.of(MEMORY_GB, MEMORY_BIN, WALLCLOCK_SECONDS));
    COLUMNS = List.copyOf(c);
  }
}
