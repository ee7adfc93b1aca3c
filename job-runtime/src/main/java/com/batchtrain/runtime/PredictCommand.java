package com.batchtrain.runtime;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.datasets.CsvText;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.runtime.data.DatasetLoader;
import com.batchtrain.runtime.model.MlpGraph;
import com.batchtrain.runtime.model.ThreadPools;
import com.batchtrain.runtime.publish.TrialOutputs;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {"Loads a published model/ directory (SavedModel) and predicts for the rows of a CSV/TFRecord input.",
        "A classifier's output names each row's class (predicted_label) as the trial's data did: its string labels,",
        "or the class names of integer labels."})
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "the model/ directory of a published trial")
  Path model;

  @Option(names = "--input", required = true, description = "CSV file (header row) or TFRecord file/directory with the feature columns")
  Path input;

  @Option(names = "--output", required = true, description = "CSV to write: one row per input row")
  Path output;

  @Override
  public Integer call() throws IOException {
    Path info = model.resolve(TrialOutputs.MODEL_INFO);
    if (!Files.isRegularFile(info) || !Files.isRegularFile(model.resolve("saved_model.pb"))) {
      throw new InvalidValueException("--model", "a published model/ directory (saved_model.pb and " + TrialOutputs.MODEL_INFO + ")", model.toString());
    }
    JsonNode doc = ContractJson.mapper().readTree(info.toFile());
    List<String> columns = new ArrayList<>();
    doc.path("input").path("columns").forEach(c -> columns.add(c.asText()));
    Dataset rows = DatasetLoader.inputs(columns).load(input);
    boolean classifier = doc.path("outputs").has(MlpGraph.PREDICTED_CLASS);
    // Models published before class names were recorded in model.json predict indexes only.
    List<String> classNames = new ArrayList<>();
    doc.path("classNames").forEach(n -> classNames.add(n.asText()));
    try (SavedModelBundle bundle = SavedModelBundle.loader(model.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
            .withConfigProto(ThreadPools.process().configProto()).load();
        TFloat32 x = TFloat32.tensorOf(Shape.of(rows.rows(), rows.width()), DataBuffers.of(rows.features(), true, false));
        Result r = bundle.call(Map.of(MlpGraph.FEATURES, x))) {
      TFloat32 out = (TFloat32) r.get(MlpGraph.OUTPUT).orElseThrow();
      int width = classifier ? (int) out.shape().get(1) : 1;
      float[] values = new float[rows.rows() * width];
      out.copyTo(DataBuffers.of(values, false, false));
      write(values, rows.rows(), width, classifier, classNames);
    }
    System.out.println(output.toAbsolutePath());
    return 0;
  }

  private void write(float[] values, int rows, int width, boolean classifier, List<String> classNames) throws IOException {
    boolean named = classifier && classNames.size() == width;
    if (output.toAbsolutePath().getParent() != null) {
      Files.createDirectories(output.toAbsolutePath().getParent());
    }
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      StringBuilder h = new StringBuilder("row");
      if (classifier) {
        h.append(",predicted_class");
        for (int c = 0; c < width; c++) {
          h.append(",p_").append(c);
        }
        if (named) {
          h.append(",predicted_label");
        }
      } else {
        h.append(",prediction");
      }
      w.write(h.append('\n').toString());
      for (int i = 0; i < rows; i++) {
        StringBuilder line = new StringBuilder().append(i);
        if (classifier) {
          int best = 0;
          for (int c = 1; c < width; c++) {
            if (values[i * width + c] > values[i * width + best]) {
              best = c;
            }
          }
          line.append(',').append(best);
          for (int c = 0; c < width; c++) {
            line.append(',').append(values[i * width + c]);
          }
          if (named) {
            line.append(',').append(CsvText.field(classNames.get(best)));
          }
        } else {
          line.append(',').append(values[i]);
        }
        w.write(line.append('\n').toString());
      }
    }
  }
}
