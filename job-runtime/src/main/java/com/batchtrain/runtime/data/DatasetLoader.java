package com.batchtrain.runtime.data;

import com.batchtrain.contract.ModelSpec.Task;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.datasets.ClassDeclaration;
import com.batchtrain.datasets.ColumnRequest;
import com.batchtrain.datasets.CsvTableReader;
import com.batchtrain.datasets.DataFormat;
import com.batchtrain.datasets.DatasetScan;
import com.batchtrain.datasets.LabelMapping;
import com.batchtrain.datasets.RowLimit;
import com.batchtrain.datasets.RowSink;
import com.batchtrain.datasets.ScannedTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a dataset from a local file or directory into memory: every {@code *.csv} file (read by the
 * datasets module: Jackson's CSV parser, columns found by name, labels mapped to classes over the
 * whole dataset), or every {@code *.tfrecord} shard, in file-name order (see
 * {@link com.batchtrain.datasets.DatasetFiles}).
 */
public final class DatasetLoader {
  private static final DatasetScan SCAN = new DatasetScan(Map.of(
      DataFormat.CSV, new CsvTableReader(),
      DataFormat.TFRECORD, new TfRecordDatasetReader()));

  private final ColumnRequest request;

  private DatasetLoader(ColumnRequest request) {
    this.request = request;
  }

  /** The columns a declared model (or a preset's declaration) reads. */
  public DatasetLoader(ModelSpec model) {
    this(ColumnRequest.of(model));
  }

  /** Exactly these columns; a classifier's labels must be the integers {@code 0..classes-1}. */
  public DatasetLoader(ColumnSpec columns) {
    this(new ColumnRequest(Optional.of(columns.features()), List.of(), Optional.ofNullable(columns.target()),
        columns.task() == Task.CLASSIFICATION && columns.hasTarget()
            ? Optional.of(new ClassDeclaration(columns.target(), columns.classes(), null))
            : Optional.empty()));
  }

  /** Model inputs for inference: these feature columns, no target. */
  public static DatasetLoader inputs(List<String> features) {
    return new DatasetLoader(ColumnRequest.featuresOnly(features));
  }

  public Dataset load(Path location) {
    RowBuffer buffer = new RowBuffer();
    ScannedTable table = scan(location, buffer::add);
    Task task = request.classes().isPresent() ? Task.CLASSIFICATION : Task.REGRESSION;
    int classes = table.classes().map(c -> c.count()).orElse(0);
    ColumnSpec columns = new ColumnSpec(table.features(), table.target().orElse(null), task, classes);
    float[] targets = buffer.targets();
    if (table.labels().isPresent()) {
      LabelMapping mapping = table.labels().get();
      for (int i = 0; i < targets.length; i++) {
        targets[i] = mapping.index((int) targets[i]);
      }
    }
    return new Dataset(columns, buffer.features(), targets, table.classes().orElse(null));
  }

  /** Reads every row and keeps none: the stage job's check of a whole staged dataset. */
  public ScannedTable check(Path location) {
    return scan(location, RowSink.DISCARD);
  }

  private ScannedTable scan(Path location, RowSink sink) {
    try {
      return SCAN.scan(location, request, sink, RowLimit.all()).orElseThrow();
    } catch (com.batchtrain.datasets.BadDataException e) {
      throw BadDataException.of(e);
    }
  }

  /** Growable row-major storage, so files of unknown length are read in one pass. */
  private static final class RowBuffer {
    private int width = -1;
    private float[] features = new float[0];
    private float[] targets = new float[64];
    private int rows;

    void add(float[] row, float target) {
      if (width < 0) {
        width = row.length;
        features = new float[64 * width];
      }
      if (rows == targets.length) {
        targets = Arrays.copyOf(targets, rows * 2);
        features = Arrays.copyOf(features, rows * 2 * width);
      }
      System.arraycopy(row, 0, features, rows * width, width);
      targets[rows++] = target;
    }

    float[] features() {
      return Arrays.copyOf(features, rows * Math.max(width, 0));
    }

    float[] targets() {
      return Arrays.copyOf(targets, rows);
    }
  }
}
