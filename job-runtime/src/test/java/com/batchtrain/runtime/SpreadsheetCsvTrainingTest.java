package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.Manifest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trainings on CSV files written the way spreadsheet tools and pandas write them: a
 * string-labelled file with a BOM, CRLF, quoted fields and empty lines at the end trains with the
 * features left to the header, publishes its class names (config, model, manifest, predictions) and
 * {@code predict} answers with them; files that cannot train exit 65 with one line naming the file
 * and line, and publish nothing.
 */
class SpreadsheetCsvTrainingTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir static Path dir;
  static Path results;
  static Path excel;

  @BeforeAll
  static void data() throws Exception {
    results = dir.resolve("results");
    Random rnd = new Random(11);
    StringBuilder csv = new StringBuilder("id,\"petal length\",sepal,note,species\r\n");
    for (int i = 0; i < 1500; i++) {
      double petal = rnd.nextGaussian();
      double sepal = rnd.nextGaussian();
      double score = petal + 0.5 * sepal;
      String species = score < -0.6 ? "setosa" : score < 0.6 ? "versicolor" : "virginica";
      // Excel quotes a field only when it must; a note with a comma, a quote or a line break.
      String note = i % 7 == 0 ? "\"seen twice, once \"\"late\"\"\"" : i % 11 == 0 ? "\"two\r\nlines\"" : "ok";
      csv.append(String.format(Locale.ROOT, "%d,%.4f,\"%.4f\",%s,%s\r\n", i, petal, sepal, note, species));
    }
    csv.append("\r\n\r\n");
    excel = write("flowers.csv", BOM, csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Path write(String name, byte[]... parts) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    return Files.write(dir.resolve(name), out.toByteArray());
  }

  private static String[] train(String sweep, Path data, Path results, String... model) {
    List<String> args = new ArrayList<>(List.of("train", "--sweep-id", sweep, "--data", TrainingFixtures.fileUri(data),
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString(),
        "--hp", "epochs=10", "--hp", "batch_size=32", "--hp", "hidden_units=32"));
    args.addAll(List.of(model));
    return args.toArray(String[]::new);
  }

  @Test
  void aStringLabelledExcelCsvTrainsAndPublishesItsClassNames() throws Exception {
    assertEquals(0, Main.run(train("excel", excel, results, "--task", "classification", "--target", "species",
        "--ignore", "id,note", "--objective", "val_accuracy:maximize")));
    Manifest m = TrainingFixtures.manifest(results, "excel", "t0000");
    assertTrue(m.metrics().get("test_accuracy") > 0.8, m.metrics().toString());
    assertEquals(List.of("setosa", "versicolor", "virginica"), m.classNames(), "sorted labels, in the manifest");

    Path trial = results.resolve("sweeps/excel/trials/t0000");
    JsonNode config = ContractJson.mapper().readTree(trial.resolve("config.json").toFile());
    assertEquals("[\"petal length\",\"sepal\"]", config.path("features").toString(), "resolved from the header, recorded");
    assertEquals("header", config.path("featuresFrom").asText());
    assertEquals("[\"id\",\"note\"]", config.path("ignore").toString());
    assertEquals("[\"setosa\",\"versicolor\",\"virginica\"]", config.path("classNames").toString());
    assertEquals("name", config.path("labels").asText());
    JsonNode model = ContractJson.mapper().readTree(trial.resolve("model/model.json").toFile());
    assertEquals("[\"setosa\",\"versicolor\",\"virginica\"]", model.path("classNames").toString());
    JsonNode perClass = ContractJson.mapper().readTree(trial.resolve("metrics.json").toFile()).path("test").path("perClass");
    assertEquals("setosa", perClass.get(0).path("name").asText());

    List<String> predictions = Files.readAllLines(trial.resolve("predictions.csv"));
    assertEquals("row_index,target,predicted_class,p_0,p_1,p_2,target_label,predicted_label", predictions.get(0));
    String[] first = predictions.get(1).split(",");
    List<String> names = List.of("setosa", "versicolor", "virginica");
    assertEquals(names.get(Integer.parseInt(first[1])), first[6]);
    assertEquals(names.get(Integer.parseInt(first[2])), first[7]);

    // predict, in a fresh JVM, on the spreadsheet file itself: the class names come back.
    Path out = dir.resolve("predicted.csv");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("predict.log"), Map.of(), "predict",
        "--model", trial.resolve("model").toString(), "--input", excel.toString(), "--output", out.toString());
    assertEquals(0, r.exitCode(), r.output());
    List<String> predicted = Files.readAllLines(out);
    assertEquals("row,predicted_class,p_0,p_1,p_2,predicted_label", predicted.get(0));
    assertEquals(1501, predicted.size());
    for (String line : predicted.subList(1, predicted.size())) {
      String[] f = line.split(",");
      assertEquals(names.get(Integer.parseInt(f[1])), f[5], line);
    }
  }

  @Test
  void latin1BytesAreBadDataNotATransientFailure() throws Exception {
    Path latin1 = write("latin1.csv", "a,b,label\n1,2,oui\n3,4,caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9},
        "\n5,6,non\n".getBytes(StandardCharsets.UTF_8));
    Path res = dir.resolve("latin1-results");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("latin1.log"), Map.of(), train("latin1", latin1, res,
        "--task", "classification", "--features", "a,b", "--target", "label"));
    assertEquals(ExitCode.BAD_DATA.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains(latin1 + ":3: not UTF-8 text: byte 0xE9"), r.output());
    assertFalse(r.output().contains("\tat "), "one line, no stack trace: " + r.output());
    assertEquals(0, TrainingFixtures.fileCount(res), "nothing published");
  }

  @Test
  void filesThatCannotTrainExit65AndPublishNothing() throws Exception {
    Map<String, String> files = Map.of(
        "header-only.csv", "\uFEFFa,b,label\r\n\r\n",
        "duplicate-header.csv", "a,b,a,label\n1,2,3,yes\n4,5,6,no\n",
        "wrong-count.csv", "a,b,label\n1,2,yes\n3,4,5,no\n",
        "unseen-label.csv", "a,b,label\n1,2,yes\n3,4,no\n5,6,maybe\n",
        "one-class.csv", "a,b,label\n1,2,yes\n3,4,yes\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path data = Files.writeString(dir.resolve(f.getKey()), f.getValue());
      Path res = dir.resolve("results-" + f.getKey());
      assertEquals(ExitCode.BAD_DATA.code(), Main.run(train("bad", data, res, "--task", "classification", "--features", "a,b",
          "--target", "label", "--class-names", "no,yes")), f.getKey());
      assertEquals(0, TrainingFixtures.fileCount(res), f.getKey() + ": nothing published");
    }
  }
}
