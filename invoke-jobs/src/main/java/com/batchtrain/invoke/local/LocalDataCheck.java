package com.batchtrain.invoke.local;

import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.datasets.BadDataException;
import com.batchtrain.datasets.DatasetCheck;
import com.batchtrain.datasets.DatasetScan;
import com.batchtrain.datasets.ScannedTable;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.contract.preset.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local backend's check of a {@code file://} dataset before any trial starts: the header of
 * every CSV file and a sample of its rows (a small file whole) against the sweep's preset or
 * declared model, so that a misspelt column or a bad row is one line with its file and line (exit
 * 65) instead of a failure per trial. A declared model's features, when left to the data, are
 * resolved here from the header and written to the trials file. TFRecord shards and {@code s3://}
 * data are left to the trials (and, on Batch, to the stage job).
 *
 * <p>A command trainer reads its own data, in any format: its dataset is only checked to exist
 * (the harness stages it as it is), never against a model declaration.
 */
public final class LocalDataCheck {
  private final DatasetCheck check = new DatasetCheck(DatasetScan.csv());

  /** The spec to plan the sweep with (features resolved), and a line saying what was checked. */
  public record Checked(SweepSpec spec, Optional<String> summary) {}

  public Checked check(SweepSpec spec, StorageUri data) {
    if (data.isS3()) {
      return new Checked(spec, Optional.empty());
    }
    if (spec.commandTrainer()) {
      return new Checked(spec, Optional.of(exists(data.toPath())));
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

  /** A command trainer's dataset: there (a file or a directory), or exit 65 as a missing dataset is for every sweep. */
  private static String exists(Path location) {
    if (Files.isRegularFile(location)) {
      return "data: " + location + " (a file), staged for the command as it is (a command trainer's data is not checked"
          + " against a model)";
    }
    if (Files.isDirectory(location)) {
      return "data: " + location + " (a directory), staged for the command as it is (a command trainer's data is not"
          + " checked against a model)";
    }
    throw new BadDataException(location + ": no such dataset file or directory");
  }
}
