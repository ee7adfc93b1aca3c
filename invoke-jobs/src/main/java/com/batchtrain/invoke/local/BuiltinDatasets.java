package com.batchtrain.invoke.local;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.spec.DataSource;
import com.batchtrain.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a built-in dataset into the results store ({@code data/<name>/}) unless it is already there,
 * with the runtime's {@code generate-data}, so that a first sweep needs nothing but this repository.
 */
public final class BuiltinDatasets {
  /** The file name the generated CSV gets inside {@code data/<name>/}. */
  public static final String CALCLOUD_FILE = "calcloud.csv";

  private final ObjectStore store;
  private final ResultsLayout layout;
  private final TrialCommand runtime;

  public BuiltinDatasets(ObjectStore store, ResultsLayout layout, TrialCommand runtime) {
    this.store = store;
    this.layout = layout;
    this.runtime = runtime;
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
        generate(csv, tmp.resolve("generate-data.log"));
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

  /** Runs the runtime's own {@code generate-data} (its default rows and seed), as a trial would run {@code train}. */
  private void generate(Path csv, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(runtime.command(List.of(TrialCommand.GENERATE_DATA, "--output", csv.toString())))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      int code = p.waitFor();
      if (code != 0 || !Files.isRegularFile(csv)) {
        throw new IllegalStateException("the runtime's generate-data exited " + code + ": " + Files.readString(log).strip());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating the dataset", e);
    }
  }

  public record Staged(StorageUri uri, boolean generated) {}
}
