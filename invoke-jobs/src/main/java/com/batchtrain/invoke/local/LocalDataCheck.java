package com.batchtrain.invoke.local;

import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.datasets.DatasetCheck;
import com.batchtrain.datasets.DatasetScan;
import com.batchtrain.datasets.ScannedTable;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.runtime.preset.Presets;
import java.util.Optional;

/**
 * The local backend's check of a {@code file://} dataset before any trial starts: the header of
 * every CSV file and a sample of its rows (a small file whole) against the sweep's preset or
 * declared model, so that a misspelt column or a bad row is one line with its file and line (exit
 * 65) instead of a failure per trial. A declared model's features, when left to the data, are
 * resolved here from the header and written to the trials file. TFRecord shards and {@code s3://}
 * data are left to the trials (and, on Batch, to the stage job).
 */
public final class LocalDataCheck {
  private final DatasetCheck check = new DatasetCheck(DatasetScan.csv());

  /** The spec to plan the sweep with (features resolved), and a line saying what was checked. */
  public record Checked(SweepSpec spec, Optional<String> summary) {}

  public Checked check(SweepSpec spec, StorageUri data) {
    if (data.isS3()) {
      return new Checked(spec, Optional.empty());
    }
    ModelSpec declaration = spec.model() != null ? spec.model() : Presets.byName(spec.preset()).model();
    Optional<ScannedTable> table = check.sample(declaration, data.toPath());
    if (table.isEmpty()) {
      return new Checked(spec, Optional.of("data: TFRecord shards, checked by the trials as they read them"));
    }
    SweepSpec resolved = spec.model() != null && spec.model().featuresFromData()
        ? spec.withModel(spec.model().withFeatures(table.get().features()))
        : spec;
    return new Checked(resolved, Optional.of("data checked: " + DatasetCheck.summary(table.get())));
  }
}
