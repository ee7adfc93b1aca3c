package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.contract.preset.Presets;
import com.batchtrain.testsupport.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The stage job checks the staged dataset against its sweep's model (BT_TRIALS_URI, here a
 * file:// trials file): every row, whether it staged the dataset now or found it staged, exit 65
 * naming the file and line when the trials could not train on it; without a trials file it only
 * stages, as before.
 */
class StageValidationTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path dir;
  String bucket;

  @BeforeEach
  void bucket() {
    bucket = S3.newBucket();
  }

  private String upload(String key, String content) throws Exception {
    Path f = Files.writeString(dir.resolve(key.replace('/', '-')), content);
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
    return "s3://" + bucket + "/" + key.substring(0, key.lastIndexOf('/') + 1);
  }

  private String trialsFile(String sweep, String preset, ModelSpec model, String dataUri) throws Exception {
    List<TrialsFile.Trial> one = List.of(new TrialsFile.Trial("t0000", Map.of("epochs", 1)));
    Objective objective = new Objective("val_loss", Objective.Goal.MINIMIZE);
    TrialsFile file = model != null ? TrialsFile.ofModel(sweep, model, dataUri, objective, one)
        : new TrialsFile(sweep, preset, dataUri, objective, one);
    Path p = dir.resolve(sweep + "-trials.json");
    Files.write(p, file.toJson());
    return TrainingFixtures.fileUri(p);
  }

  private RuntimeProcess.Result stage(String log, Path cache, String dataUri, String trialsUri, String sweep) throws Exception {
    Map<String, String> env = new HashMap<>(S3.environment());
    env.put("BT_CACHE_DIR", cache.toString());
    env.put("BT_DATA_URI", dataUri);
    if (trialsUri != null) {
      env.put("BT_TRIALS_URI", trialsUri);
      env.put("BT_SWEEP_ID", sweep);
    }
    return RuntimeProcess.run(dir.resolve(log + ".log"), env, "stage");
  }

  @Test
  void aStagedDatasetIsCheckedAgainstEachSweepsModelStagedNowOrBefore() throws Exception {
    String data = upload("data/flowers/flowers.csv", "\uFEFFid,sepal,petal,species\r\n1,1.5,\"2.5\",setosa\r\n"
        + "2,3.5,4,virginica\r\n3,1.25,2,setosa\r\n\r\n");
    Path cache = dir.resolve("static");
    ModelSpec fits = new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "species", null, null, List.of("id"));
    RuntimeProcess.Result first = stage("fits", cache, data, trialsFile("sweep-fits", null, fits, data), "sweep-fits");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("fits sweep sweep-fits's model (custom-classifier): 1 CSV file, 3 rows (all), 2 features"
        + " [sepal, petal], target 'species', classes [setosa, virginica] (string labels)"), first.output());

    // A second sweep over the same (now staged) dataset whose model names a column it lacks.
    ModelSpec misspelt = ModelSpec.classification(List.of("sepal", "leaf"), "species", 2);
    RuntimeProcess.Result second = stage("misspelt", cache, data, trialsFile("sweep-misspelt", null, misspelt, data),
        "sweep-misspelt");
    assertEquals(ExitCode.BAD_DATA.code(), second.exitCode(), second.output());
    assertTrue(second.output().contains("already staged"), second.output());
    assertTrue(second.output().matches("(?s).*flowers\\.csv:1: missing column 'leaf' \\(header has \\[id, sepal, petal, species\\]\\).*"),
        second.output());

    // A preset sweep: the preset's columns are checked too.
    RuntimeProcess.Result preset = stage("preset", cache, data, trialsFile("sweep-preset", Presets.MEMORY_BIN, null, data),
        "sweep-preset");
    assertEquals(ExitCode.BAD_DATA.code(), preset.exitCode(), preset.output());
    assertTrue(preset.output().contains("flowers.csv:1: missing column 'n_files'"), preset.output());

    // Without a trials file (stage run by hand) it only stages.
    RuntimeProcess.Result byHand = stage("by-hand", cache, data, null, null);
    assertEquals(0, byHand.exitCode(), byHand.output());
    assertTrue(!byHand.output().contains("fits sweep"), byHand.output());
  }

  @Test
  void badRowsAnywhereInTheStagedDatasetFailTheStageJob() throws Exception {
    StringBuilder csv = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 5000; i++) {
      csv.append(i).append(",1,").append(i % 2 == 0 ? "yes" : "no").append('\n');
    }
    csv.append("5000,1,maybe\n");
    String data = upload("data/late/late.csv", csv.toString());
    ModelSpec yesNo = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "label", null, List.of("no", "yes"));
    RuntimeProcess.Result r = stage("late", dir.resolve("cache"), data, trialsFile("sweep-late", null, yesNo, data), "sweep-late");
    assertEquals(ExitCode.BAD_DATA.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains("late.csv:5002: column 'label': label 'maybe' is not one of the declared class names [no, yes]"),
        r.output());
  }

  @Test
  void fileDatasetsAreCheckedInPlaceAndTheTrialsFileIsReadFirst() throws Exception {
    Path csv = TrainingFixtures.calcloudCsv(dir, 50, 1);
    Path cache = dir.resolve("cache");
    String data = TrainingFixtures.fileUri(csv);
    assertEquals(0, Main.run("stage", "--data", data, "--cache-dir", cache.toString(),
        "--trials", trialsFile("sweep-ok", Presets.MEMORY_BIN, null, data)));
    // The dataset URI defaults to the trials file's.
    assertEquals(0, Main.run("stage", "--cache-dir", cache.toString(), "--trials", trialsFile("sweep-ok2", Presets.MEMORY, null, data)));
    Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), Files.readAllLines(csv).get(0) + "\r\n");
    String bad = TrainingFixtures.fileUri(headerOnly);
    assertEquals(ExitCode.BAD_DATA.code(), Main.run("stage", "--data", bad, "--cache-dir", cache.toString(),
        "--trials", trialsFile("sweep-bad", Presets.MEMORY_BIN, null, bad)));
    // A trials file that is missing, or of another sweep, is bad input before anything is staged.
    assertEquals(ExitCode.BAD_INPUT.code(), Main.run("stage", "--data", data, "--cache-dir", cache.toString(),
        "--trials", TrainingFixtures.fileUri(dir.resolve("no-trials.json"))));
    assertEquals(ExitCode.BAD_INPUT.code(), Main.run("stage", "--data", data, "--cache-dir", cache.toString(),
        "--trials", trialsFile("sweep-other", Presets.MEMORY_BIN, null, data), "--sweep-id", "sweep-mine"));
    try (Stream<Path> s = Files.exists(cache) ? Files.list(cache) : Stream.empty()) {
      assertEquals(0, s.count(), "nothing staged for file:// datasets");
    }
  }
}
