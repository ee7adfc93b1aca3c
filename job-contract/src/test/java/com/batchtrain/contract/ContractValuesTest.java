package com.batchtrain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractValuesTest {

  @Test
  void storageUriParsesS3AndFileAndResolvesTheLayout() {
    ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://my-bucket/team"));
    SweepId sweep = SweepId.of("calcloud-1");
    assertEquals("s3://my-bucket/team/sweeps/calcloud-1/trials/t0003/manifest.json",
        layout.manifest(sweep, TrialId.ofIndex(3)).toString());
    assertEquals("s3://my-bucket/team/checkpoints/calcloud-1/t0003/",
        layout.checkpoints(sweep, TrialId.ofIndex(3)).toString());
    StorageUri file = StorageUri.parse("file:///tmp/results/");
    assertEquals("/tmp/results/sweeps/calcloud-1/trials.json",
        new ResultsLayout(file).trialsFile(sweep).toPath().toString());
  }

  @Test
  void badValuesNameTheirField() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> StorageUri.parse("data_uri", "http://x/y"));
    assertEquals("data_uri", e.field());
    assertTrue(e.getMessage().contains("s3://"), e.getMessage());
    assertThrows(InvalidValueException.class, () -> StorageUri.parse("s3://UPPER/x"));
    assertThrows(InvalidValueException.class, () -> SweepId.of("Has Spaces"));
    assertThrows(InvalidValueException.class, () -> TrialId.of("7"));
    assertThrows(InvalidValueException.class, () -> TrialId.ofIndex(10_000));
    assertEquals("t0042", TrialId.ofIndex(42).value());
  }

  @Test
  void hyperparametersRejectUnknownNamesAndOutOfRangeValues() {
    InvalidValueException unknown = assertThrows(InvalidValueException.class,
        () -> Hyperparameters.parse(Map.of("learning_rat", 0.1)));
    assertEquals("hyperparameters.learning_rat", unknown.field());
    InvalidValueException range = assertThrows(InvalidValueException.class,
        () -> Hyperparameters.parse(Map.of("dropout", 1.5)));
    assertEquals("dropout", range.field());
    assertThrows(InvalidValueException.class, () -> Hyperparameters.parse(Map.of("batch_size", 2.5)));
    assertThrows(InvalidValueException.class, () -> Hyperparameters.parse(Map.of("optimizer", "rmsprop")));
    Hyperparameters h = Hyperparameters.parse(Map.of("hidden_units", List.of(32, 16), "optimizer", "sgd", "epochs", 3));
    assertEquals(List.of(32, 16), h.hiddenUnits());
    assertEquals(Hyperparameters.Optimizer.SGD, h.optimizer());
    assertEquals(h, Hyperparameters.parse(h.toMap()));
  }

  @Test
  void trialsFileRoundTripsAndChecksIndices() {
    TrialsFile file = new TrialsFile("s1", "calcloud-memory-bin", "file:///data/", new Objective("val_accuracy", Objective.Goal.MAXIMIZE),
        List.of(new TrialsFile.Trial("t0000", Map.of("epochs", 2)), new TrialsFile.Trial("t0001", Map.of("epochs", 3))));
    TrialsFile back = TrialsFile.fromJson(file.toJson());
    assertEquals(file, back);
    assertEquals(3, ((Number) back.trial(1).hyperparameters().get("epochs")).intValue());
    assertThrows(InvalidValueException.class, () -> back.trial(2));
    assertThrows(InvalidValueException.class, () -> new TrialsFile("s1", "p", null, null,
        List.of(new TrialsFile.Trial("t0001", Map.of()))));
  }

  @Test
  void trialsFileWithADeclaredModelRoundTrips() {
    ModelSpec classifier = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("x1", "x2"), "label", 3, List.of("low", "mid", "high"));
    TrialsFile file = TrialsFile.ofModel("s1", classifier, "file:///data/mine.csv", new Objective("val_accuracy", Objective.Goal.MAXIMIZE),
        List.of(new TrialsFile.Trial("t0000", Map.of("epochs", 2))));
    String json = new String(file.toJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(json.contains("\"task\" : \"classification\""), json);
    assertTrue(!json.contains("\"preset\""), json);
    TrialsFile back = TrialsFile.fromJson(file.toJson());
    assertEquals(file, back);
    assertEquals(classifier, back.model());

    ModelSpec regressor = ModelSpec.regression(List.of("a", "b", "c"), "y");
    TrialsFile reg = TrialsFile.ofModel("s2", regressor, "file:///d/", null, List.of(new TrialsFile.Trial("t0000", Map.of())));
    String regJson = new String(reg.toJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(!regJson.contains("classes") && !regJson.contains("classNames"), regJson);
    assertEquals(reg, TrialsFile.fromJson(reg.toJson()));
    // A preset file written before models existed still reads, with no model.
    TrialsFile legacy = TrialsFile.fromJson(("{\"sweepId\":\"s3\",\"preset\":\"calcloud-memory\",\"dataUri\":\"file:///d/\","
        + "\"objective\":null,\"trials\":[{\"trialId\":\"t0000\",\"hyperparameters\":{}}]}").getBytes());
    assertEquals("calcloud-memory", legacy.preset());
    assertEquals(null, legacy.model());
  }

  @Test
  void trialsFileNeedsExactlyOneOfPresetAndModel() {
    List<TrialsFile.Trial> one = List.of(new TrialsFile.Trial("t0000", Map.of()));
    ModelSpec m = ModelSpec.regression(List.of("a"), "y");
    assertEquals("preset / model", assertThrows(InvalidValueException.class,
        () -> new TrialsFile("s1", "calcloud-memory", m, "file:///d/", null, one, null)).field());
    assertEquals("preset / model", assertThrows(InvalidValueException.class,
        () -> new TrialsFile("s1", null, "file:///d/", null, one)).field());
    InvalidValueException fromJson = assertThrows(InvalidValueException.class, () -> TrialsFile.fromJson(
        "{\"sweepId\":\"s1\",\"preset\":\"calcloud-memory\",\"model\":{\"task\":\"regression\",\"features\":[\"a\"],\"target\":\"y\"},\"trials\":[{\"trialId\":\"t0000\"}]}".getBytes()));
    assertEquals("preset / model", fromJson.field());
    InvalidValueException nested = assertThrows(InvalidValueException.class, () -> TrialsFile.fromJson(
        "{\"sweepId\":\"s1\",\"model\":{\"task\":\"classification\",\"features\":[\"a\"],\"target\":\"y\",\"classes\":1},\"trials\":[{\"trialId\":\"t0000\"}]}".getBytes()));
    assertEquals("model.classes", nested.field());
    // Features and classes left to the data: a file without them reads, and writes them back out as absent.
    TrialsFile fromData = TrialsFile.fromJson(
        "{\"sweepId\":\"s1\",\"model\":{\"task\":\"classification\",\"target\":\"y\",\"ignore\":[\"id\"]},\"trials\":[{\"trialId\":\"t0000\"}]}".getBytes());
    assertTrue(fromData.model().featuresFromData());
    assertEquals(List.of("id"), fromData.model().ignoredColumns());
    String json = new String(fromData.toJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(!json.contains("features") && !json.contains("classes") && json.contains("ignore"), json);
    assertEquals(List.of("a", "b"), fromData.model().withFeatures(List.of("a", "b")).features());
    assertEquals(null, fromData.model().withFeatures(List.of("a", "b")).ignore(), "resolved: the ignore list has done its work");
  }

  @Test
  void modelSpecNamesTheFieldItRejects() {
    List<String> f = List.of("a", "b");
    assertEquals("model.task", assertThrows(InvalidValueException.class, () -> new ModelSpec(null, f, "y", null, null)).field());
    assertEquals("model.task", assertThrows(InvalidValueException.class, () -> ModelSpec.Task.parse("clustering")).field());
    assertEquals("model.features", assertThrows(InvalidValueException.class, () -> ModelSpec.regression(List.of(), "y")).field());
    assertTrue(ModelSpec.regression(null, "y").featuresFromData(), "no features: every column but the target");
    assertEquals("model.features", assertThrows(InvalidValueException.class, () -> ModelSpec.regression(List.of("a", "a"), "y")).field());
    // A quoted CSV header name may hold a comma; surrounding blanks never match a (trimmed) header name.
    assertEquals(List.of("a,b"), ModelSpec.regression(List.of("a,b"), "y").features());
    assertEquals("model.features", assertThrows(InvalidValueException.class, () -> ModelSpec.regression(List.of(" a"), "y")).field());
    assertEquals("model.target", assertThrows(InvalidValueException.class, () -> ModelSpec.regression(f, "b")).field());
    assertEquals("model.target", assertThrows(InvalidValueException.class, () -> ModelSpec.regression(f, null)).field());
    assertEquals("model.classes", assertThrows(InvalidValueException.class, () -> ModelSpec.classification(f, "y", 1)).field());
    assertEquals(null, new ModelSpec(ModelSpec.Task.CLASSIFICATION, f, "y", null, null).classes(), "classes from the data");
    assertEquals("model.classNames", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, f, "y", null, List.of("only"))).field());
    assertEquals("model.classNames", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, f, "y", null, List.of("a", " b"))).field());
    assertEquals("model.ignore", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, f, "y", null, null, List.of("id"))).field());
    assertEquals("model.ignore", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "y", null, null, List.of("id", "y"))).field());
    assertEquals("model.ignore", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "y", null, null, List.of("id", "id"))).field());
    assertEquals("model.ignore", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "y", null, null, List.of())).field());
    assertEquals("model.classes", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.REGRESSION, f, "y", 2, null)).field());
    assertEquals("model.classNames", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, f, "y", 3, List.of("x", "y"))).field());
    assertEquals("model.classNames", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.CLASSIFICATION, f, "y", 2, List.of("x", "x"))).field());
    assertEquals("model.classNames", assertThrows(InvalidValueException.class,
        () -> new ModelSpec(ModelSpec.Task.REGRESSION, f, "y", null, List.of("x"))).field());
    assertTrue(assertThrows(InvalidValueException.class, () -> ModelSpec.regression(f, "a")).getMessage().contains("'a'"));
  }

  @Test
  void manifestRejectsBadEntriesAndRoundTrips() {
    String sha = "a".repeat(64);
    Manifest m = new Manifest("s1", "t0000", "2026-11-23T00:00:00Z", Map.of("epochs", 2), Map.of("val_loss", 0.5),
        List.of(new Manifest.Entry("metrics.json", 10, sha)));
    assertEquals(m, Manifest.fromJson(m.toJson()));
    assertTrue(!new String(m.toJson(), java.nio.charset.StandardCharsets.UTF_8).contains("classNames"), "a regressor's has none");
    Manifest classifier = new Manifest("s1", "t0000", "2026-11-23T00:00:00Z", Map.of(), Map.of(),
        List.of(new Manifest.Entry("metrics.json", 10, sha)), List.of("no", "yes"));
    assertEquals(List.of("no", "yes"), Manifest.fromJson(classifier.toJson()).classNames());
    assertThrows(InvalidValueException.class, () -> new Manifest.Entry("../x", 1, sha));
    assertThrows(InvalidValueException.class, () -> new Manifest.Entry("x", 1, "nothex"));
  }

  @Test
  void exitCodesRetryOnlyTransient() {
    assertTrue(ExitCode.TRANSIENT.retryable());
    assertEquals(75, ExitCode.TRANSIENT.code());
    assertEquals(ExitCode.BAD_INPUT, ExitCode.fromCode(64).orElseThrow());
    assertTrue(ExitCode.fromCode(3).isEmpty());
    assertTrue(new Objective("val_loss", Objective.Goal.MINIMIZE).isBetter(0.1, 0.2));
  }
}
