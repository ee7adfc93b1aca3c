package com.batchtrain.datasets;

import com.batchtrain.contract.ModelSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a dataset against a model declaration (a preset's or a declared model) before any trial
 * runs: the columns are there, features are numbers, a classifier's labels are in range or
 * mappable. The CLI checks a sample of a local dataset; the stage job checks all of a staged one.
 * Problems are {@link BadDataException}s with the file and line.
 */
public final class DatasetCheck {
  /** Rows of a large file the sample reads. */
  public static final long SAMPLE_ROWS = 1000;
  /** Files up to this size are read whole by the sample (cheap, and the check is then complete). */
  public static final long WHOLE_FILE_BYTES = 16L << 20;

  private final DatasetScan scan;

  public DatasetCheck(DatasetScan scan) {
    this.scan = scan;
  }

  /**
   * The header of every file and its rows, but only the first {@link #SAMPLE_ROWS} of a file over
   * {@link #WHOLE_FILE_BYTES}. Empty when the dataset's format cannot be read here (TFRecord
   * without the runtime): the trials check it themselves.
   */
  public Optional<ScannedTable> sample(ModelSpec model, Path location) {
    return scan.scan(location, ColumnRequest.of(model), RowSink.DISCARD, RowLimit.sample(SAMPLE_ROWS, WHOLE_FILE_BYTES));
  }

  /** Every row of every file. */
  public Optional<ScannedTable> whole(ModelSpec model, Path location) {
    return scan.scan(location, ColumnRequest.of(model), RowSink.DISCARD, RowLimit.all());
  }

  /** One line saying what was checked, for logs and the console. */
  public static String summary(ScannedTable t) {
    StringBuilder s = new StringBuilder();
    int files = t.files().files().size();
    s.append(files).append(' ').append(t.files().format()).append(files == 1 ? " file, " : " files, ")
        .append(t.rows()).append(t.complete() ? " rows (all)" : " rows (a sample: the first " + SAMPLE_ROWS
            + " of each file over " + (WHOLE_FILE_BYTES >> 20) + " MiB)")
        .append(", ").append(t.features().size()).append(" features ").append(t.features());
    t.target().ifPresent(target -> s.append(", target '").append(target).append('\''));
    t.classes().ifPresent(c -> s.append(t.complete() ? ", classes " : ", classes seen ").append(c.names())
        .append(c.kind() == ClassLabels.Kind.INTEGER ? " (labels 0.." + (c.count() - 1) + ")" : " (string labels)"));
    return s.toString();
  }
}
