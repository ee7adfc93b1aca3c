package com.batchtrain.runtime.data;

import com.batchtrain.contract.ModelSpec.Task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ModelSpec;
import com.batchtrain.datasets.ClassLabels;
import com.batchtrain.runtime.preset.CalcloudGenerator;
import com.batchtrain.contract.preset.Presets;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReadersTest {
  @TempDir Path dir;

  private static final ColumnSpec SPEC = new ColumnSpec(List.of("a", "b"), "y", Task.CLASSIFICATION, 3);

  private BadDataException badCsv(String content) throws Exception {
    Path f = dir.resolve("d.csv");
    Files.writeString(f, content);
    return assertThrows(BadDataException.class, () -> new DatasetLoader(SPEC).load(f));
  }

  @Test
  void csvReadsDeclaredColumnsInOrderIgnoringOthers() throws Exception {
    Path f = dir.resolve("d.csv");
    Files.writeString(f, "b,extra,y,a\n2,x,1,1\n4,y,2,3\n");
    Dataset d = new DatasetLoader(SPEC).load(f);
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    assertArrayEquals(new float[] {1, 2}, d.targets());
  }

  @Test
  void csvErrorsNameFileLineAndColumn() throws Exception {
    assertTrue(badCsv("a,b,y\n1,2,0\n1,oops,0\n").getMessage().endsWith("d.csv:3: column 'b': expected a number, got 'oops'"));
    assertTrue(badCsv("a,b,y\n1,Infinity,0\n").getMessage().contains("d.csv:2: column 'b': expected a finite number"));
    assertTrue(badCsv("a,b,y\n1,2,0\n1,2\n").getMessage().contains("d.csv:3: expected 3 fields"));
    assertTrue(badCsv("a,y\n1,0\n").getMessage().contains("d.csv:1: missing column 'b'"));
    assertTrue(badCsv("a,b,y\n1,2,3\n").getMessage().contains("column 'y': expected an integer class label in 0..2, got '3'"));
    assertTrue(badCsv("a,b,y\n1,2,0.5\n").getMessage().contains("column 'y'"));
    assertTrue(badCsv("a,b,y\n").getMessage().contains("d.csv:2: expected a data row after the header"));
    assertTrue(badCsv("").getMessage().contains("empty file"));
  }

  @Test
  void tfRecordShardsRoundTripTheGeneratorsRows() throws Exception {
    ModelSpec spec = Presets.byName(Presets.MEMORY_BIN).model();
    new CalcloudGenerator(9).writeCsv(dir.resolve("csv/all.csv"), 500);
    new CalcloudGenerator(9).writeTfRecords(dir.resolve("tfr"), 500, 3);
    Dataset fromCsv = new DatasetLoader(spec).load(dir.resolve("csv"));
    Dataset fromTfRecord = new DatasetLoader(spec).load(dir.resolve("tfr"));
    assertEquals(500, fromTfRecord.rows());
    assertArrayEquals(fromCsv.targets(), fromTfRecord.targets());
    assertArrayEquals(fromCsv.features(), fromTfRecord.features(), 1e-3f);
  }

  @Test
  void corruptTfRecordIsReportedByRecord() throws Exception {
    ModelSpec spec = Presets.byName(Presets.MEMORY).model();
    Path shard = new CalcloudGenerator(1).writeTfRecords(dir, 20, 1).get(0);
    try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0xff);
    }
    BadDataException e = assertThrows(BadDataException.class, () -> new DatasetLoader(spec).load(shard));
    assertTrue(e.getMessage().matches(".*part-00000.tfrecord: record \\d+: .*(CRC|length).*"), e.getMessage());

    Path truncated = dir.resolve("t.tfrecord");
    byte[] bytes = Files.readAllBytes(new CalcloudGenerator(1).writeTfRecords(dir.resolve("ok"), 5, 1).get(0));
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    assertTrue(assertThrows(BadDataException.class, () -> new DatasetLoader(spec).load(truncated)).getMessage().contains("truncated"));
  }

  @Test
  void mixedFormatsInOneDirectoryAreRejected() throws Exception {
    new CalcloudGenerator(1).writeCsv(dir.resolve("m/a.csv"), 10);
    new CalcloudGenerator(1).writeTfRecords(dir.resolve("m"), 10, 1);
    assertThrows(BadDataException.class, () -> new DatasetLoader(Presets.byName(Presets.MEMORY).model()).load(dir.resolve("m")));
  }

  @Test
  void splitIsDeterministicStratifiedAndDisjoint() throws Exception {
    new CalcloudGenerator(4).writeCsv(dir.resolve("s.csv"), 3000);
    Dataset d = new DatasetLoader(Presets.byName(Presets.MEMORY_BIN).model()).load(dir.resolve("s.csv"));
    DatasetSplit a = DatasetSplit.of(d, 42);
    DatasetSplit b = DatasetSplit.of(d, 42);
    assertArrayEquals(a.test(), b.test());
    assertTrue(!java.util.Arrays.equals(a.test(), DatasetSplit.of(d, 43).test()));
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int[] part : List.of(a.train(), a.validation(), a.test())) {
      for (int i : part) {
        assertTrue(seen.add(i), "row " + i + " in two parts");
      }
    }
    assertEquals(d.rows(), seen.size());
    // The rarest class (16-64 GB) is in the test part in proportion.
    int[] labels = d.labels();
    long rareAll = java.util.Arrays.stream(labels).filter(l -> l == 3).count();
    long rareTest = java.util.Arrays.stream(a.test()).filter(i -> labels[i] == 3).count();
    assertEquals(Math.round(rareAll * DatasetSplit.TEST_FRACTION), rareTest);
  }

  @Test
  void stringLabelsBecomeSortedClassesAndTheTargetsTheirIndexes() throws Exception {
    Path f = dir.resolve("species.csv");
    Files.writeString(f, "\uFEFFsepal,petal,note,species\r\n1,2,1,virginica\r\n2,3,\"2,5\",setosa\r\n3,4,1,versicolor\r\n"
        + "4,5,1,setosa\r\n\r\n");
    ModelSpec model = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("note"), "species", null, null);
    BadDataException decimalComma = assertThrows(BadDataException.class, () -> new DatasetLoader(model).load(f));
    assertTrue(decimalComma.getMessage().endsWith("species.csv:3: column 'note': expected a number, got '2,5' (a decimal comma:"
        + " write numbers with a decimal point, 2.5)"), decimalComma.getMessage());

    Dataset d = new DatasetLoader(new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "species", null, null, List.of("note"))).load(f);
    assertEquals(List.of("sepal", "petal"), d.columns().features());
    assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
    assertEquals(3, d.columns().classes());
    assertArrayEquals(new float[] {2, 0, 1, 0}, d.targets());
    assertEquals(ClassLabels.Kind.NAMED, d.classes().kind());
    Dataset ordered = new DatasetLoader(new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("sepal", "petal"), "species", null,
        List.of("virginica", "setosa", "versicolor"))).load(f);
    assertArrayEquals(new float[] {0, 1, 2, 1}, ordered.targets());
    // The mapping is the dataset's: labels are collected over every file of a directory.
    Files.createDirectories(dir.resolve("parts"));
    Files.writeString(dir.resolve("parts/a.csv"), "x,y\n1,b\n2,b\n");
    Files.writeString(dir.resolve("parts/b.csv"), "x,y\n3,a\n");
    Dataset parts = new DatasetLoader(new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "y", null, null)).load(dir.resolve("parts"));
    assertEquals(List.of("a", "b"), parts.classNames());
    assertArrayEquals(new float[] {1, 1, 0}, parts.targets());
  }

  @Test
  void integerLabelsKeepTheirIndexesAndDeclaredNames() throws Exception {
    Path f = dir.resolve("ints.csv");
    Files.writeString(f, "a,b,y\n1,2,2\n3,4,0\n5,6,1.0\n");
    Dataset d = new DatasetLoader(SPEC).load(f);
    assertArrayEquals(new float[] {2, 0, 1}, d.targets());
    assertEquals(List.of("class0", "class1", "class2"), d.classNames());
    assertEquals(ClassLabels.Kind.INTEGER, d.classes().kind());
    Dataset inferred = new DatasetLoader(new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "y", null,
        List.of("lo", "mid", "hi"))).load(f);
    assertEquals(List.of("lo", "mid", "hi"), inferred.classNames());
    assertArrayEquals(new float[] {2, 0, 1}, inferred.targets());
  }

  @Test
  void tfRecordShardsNeedDeclaredFeatures() throws Exception {
    new CalcloudGenerator(9).writeTfRecords(dir.resolve("tfr"), 20, 1);
    BadDataException e = assertThrows(BadDataException.class, () -> new DatasetLoader(
        new ModelSpec(ModelSpec.Task.REGRESSION, null, "memory_gb", null, null)).load(dir.resolve("tfr")));
    assertTrue(e.getMessage().contains("part-00000.tfrecord: a TFRecord dataset has no header"), e.getMessage());
  }

  @Test
  void standardizerUsesTrainingRowsOnly() {
    ColumnSpec spec = new ColumnSpec(List.of("a", "c"), "y", Task.REGRESSION, 0);
    Dataset train = new Dataset(spec, new float[] {1, 5, 3, 5}, new float[] {10, 20});
    Standardizer s = Standardizer.fit(train);
    assertArrayEquals(new float[] {2, 5}, s.featureMean());
    assertArrayEquals(new float[] {1, 1}, s.featureScale(), "constant column gets scale 1");
    assertEquals(15f, s.targetMean());
    assertEquals(5f, s.targetScale());
  }
}
