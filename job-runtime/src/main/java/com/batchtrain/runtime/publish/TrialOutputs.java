package com.batchtrain.runtime.publish;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.datasets.CsvText;
import com.batchtrain.runtime.checkpoint.Checkpoint;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.contract.ModelSpec.Task;
import com.batchtrain.runtime.model.EpochRecord;
import com.batchtrain.runtime.model.MlpModel;
import com.batchtrain.runtime.spec.TrialSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a finished trial's local results directory, the input of the storage module's
 * TrialPublisher: config.json, history.json, metrics.json, predictions.csv, model/ (SavedModel plus
 * model.json describing its inputs and outputs) and checkpoint/ (the selected checkpoint). Plots and
 * TensorBoard logs are added to the same directory by {@link TrialVisuals}.
 */
public final class TrialOutputs {
  public static final String CONFIG = "config.json";
  public static final String HISTORY = "history.json";
  public static final String METRICS = "metrics.json";
  public static final String PREDICTIONS = "predictions.csv";
  public static final String MODEL = "model";
  public static final String MODEL_INFO = "model.json";
  public static final String CHECKPOINT = "checkpoint";

  private final Path dir;

  public TrialOutputs(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public void write(TrialSpec spec, Map<String, Object> runInfo, List<EpochRecord> history, Map<String, Object> metrics,
      MlpModel model, Dataset test, int[] testIndices, float[] testOutputs, Checkpoint selected) {
    try {
      deleteTree(dir);
      Files.createDirectories(dir);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("sweepId", spec.sweepId().value());
      config.put("trialId", spec.trialId().value());
      config.put("preset", spec.preset().name());
      config.put("task", spec.preset().task().name().toLowerCase());
      // The columns and classes as resolved from the data: with these the trial is reproducible even
      // when the declaration left the features (every column but the target) or the classes to the data.
      config.put("features", test.columns().features());
      config.put("featuresFrom", spec.preset().model().featuresFromData() ? "header" : "declaration");
      if (spec.preset().model().featuresFromData()) {
        config.put("ignore", spec.preset().model().ignoredColumns());
      }
      config.put("target", test.columns().target());
      config.put("classNames", test.classNames());
      if (test.classes() != null) {
        config.put("labels", test.classes().kind().json());
      }
      config.put("dataUri", spec.dataUri().toString());
      config.put("objective", spec.objective());
      config.put("hyperparameters", spec.hyperparameters().toMap());
      config.put("checkpointPolicy", spec.checkpointPolicy());
      config.putAll(runInfo);
      json(CONFIG, config);
      json(HISTORY, history);
      json(METRICS, metrics);
      predictions(test, testIndices, testOutputs, spec.preset().task(), model.outputWidth());
      Path modelDir = dir.resolve(MODEL);
      model.export(modelDir);
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("signature", "serving_default");
      info.put("input", Map.of("name", "features", "shape", List.of(-1, test.columns().width()),
          "columns", test.columns().features(), "note", "raw values; the model standardises them itself"));
      info.put("outputs", spec.preset().task() == Task.CLASSIFICATION
          ? Map.of("output", "class probabilities " + test.classNames(), "predicted_class", "argmax index into classNames")
          : Map.of("output", test.columns().target() + " in its original unit"));
      if (test.classes() != null) {
        // predict names its predictions with these; "labels" says whether the data held these names or 0..N-1.
        info.put("classNames", test.classNames());
        info.put("labels", test.classes().kind().json());
      }
      info.put("standardizer", model.standardizer());
      Files.write(modelDir.resolve(MODEL_INFO), ContractJson.mapper().writeValueAsBytes(info));
      Path ckpt = Files.createDirectories(dir.resolve(CHECKPOINT));
      try (Stream<Path> files = Files.list(selected.dir())) {
        for (Path f : files.toList()) {
          Files.copy(f, ckpt.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing trial outputs in " + dir, e);
    }
  }

  public void delete() {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + dir, e);
    }
  }

  private void json(String name, Object value) throws IOException {
    Files.write(dir.resolve(name), ContractJson.mapper().writeValueAsBytes(value));
  }

  private void predictions(Dataset test, int[] indices, float[] outputs, Task task, int width) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(PREDICTIONS), StandardCharsets.UTF_8)) {
      StringBuilder header = new StringBuilder("row_index,target");
      if (task == Task.CLASSIFICATION) {
        header.append(",predicted_class");
        for (int c = 0; c < width; c++) {
          header.append(",p_").append(c);
        }
        // Last, so that readers of the columns before them (by position) are unaffected.
        header.append(",target_label,predicted_label");
      } else {
        header.append(",prediction,residual");
      }
      w.write(header.append('\n').toString());
      for (int i = 0; i < test.rows(); i++) {
        StringBuilder line = new StringBuilder().append(indices[i]).append(',');
        float target = test.targets()[i];
        if (task == Task.CLASSIFICATION) {
          int best = 0;
          for (int c = 1; c < width; c++) {
            if (outputs[i * width + c] > outputs[i * width + best]) {
              best = c;
            }
          }
          line.append((int) target).append(',').append(best);
          for (int c = 0; c < width; c++) {
            line.append(',').append(outputs[i * width + c]);
          }
          line.append(',').append(CsvText.field(test.classNames().get((int) target)))
              .append(',').append(CsvText.field(test.classNames().get(best)));
        } else {
          line.append(target).append(',').append(outputs[i]).append(',').append(target - outputs[i]);
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  /** Deletes {@code p} and everything below it; nothing when it does not exist. */
  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
