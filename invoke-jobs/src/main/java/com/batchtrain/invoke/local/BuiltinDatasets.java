package com.batchtrain.invoke.local;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.spec.DataSource;
import com.batchtrain.runtime.preset.CalcloudGenerator;
import com.batchtrain.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a built-in dataset into the results store ({@code data/<name>/}) unless it is already there,
 * with the runtime's own generator, so that a first sweep needs nothing but this repository.
 */
public final class BuiltinDatasets {
  /** Rows of the generated calcloud CSV: enough to separate good trials from bad in a few epochs on a laptop. */
  public static final int CALCLOUD_ROWS = 20_000;
  public static final long CALCLOUD_SEED = 42;
  public static final String CALCLOUD_FILE = "calcloud.csv";

  private final ObjectStore store;
  private final ResultsLayout layout;

  public BuiltinDatasets(ObjectStore store, ResultsLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /** Returns where the dataset is, and whether this call generated it. */
  public Staged stage(DataSource source) {
    if (!(source instanceof DataSource.Builtin builtin)) {
      return new Staged(((DataSource.Stored) source).uri(), false);
    }
    StorageUri prefix = layout.data(builtin.name());
    if (!store.list(prefix).isEmpty()) {
      return new Staged(prefix, false);
    }
    try {
      Path tmp = Files.createTempDirectory("batchtrain-data-");
      try {
        Path csv = tmp.resolve(CALCLOUD_FILE);
        new CalcloudGenerator(CALCLOUD_SEED).writeCsv(csv, CALCLOUD_ROWS);
        store.upload(csv, prefix.resolve(CALCLOUD_FILE));
      } finally {
        try (var files = Files.walk(tmp)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("generating the built-in dataset " + builtin.name(), e);
    }
    return new Staged(prefix, true);
  }

  public record Staged(StorageUri uri, boolean generated) {}
}
