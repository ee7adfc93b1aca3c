package com.batchtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV files as spreadsheet tools and pandas write them, read against a declaration: what must
 * train (BOM, CRLF, quoted fields, every field quoted, empty lines at the end, string labels) and
 * what must fail with one line naming the file and line (Latin-1 bytes, a header-only file,
 * duplicate header names, wrong field counts, unknown labels, ...).
 */
class CsvFilesAsToolsWriteThemTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir Path dir;

  private static final ModelSpec LABELS = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "label", null, null);

  private Path write(String name, byte[]... parts) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    Path f = dir.resolve(name);
    Files.write(f, out.toByteArray());
    return f;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The rows as read (features then the class index or target), and what the scan found. */
  private record Read(List<float[]> rows, ScannedTable table) {
    float[] targets() {
      float[] t = new float[rows.size()];
      for (int i = 0; i < t.length; i++) {
        float[] row = rows.get(i);
        float last = row[row.length - 1];
        t[i] = table.labels().map(m -> (float) m.index((int) last)).orElse(last);
      }
      return t;
    }
  }

  private static Read read(ModelSpec model, Path location) {
    List<float[]> rows = new ArrayList<>();
    ScannedTable t = DatasetScan.csv().scan(location, ColumnRequest.of(model), (f, target) -> {
      float[] r = java.util.Arrays.copyOf(f, f.length + 1);
      r[f.length] = target;
      rows.add(r);
    }, RowLimit.all()).orElseThrow();
    return new Read(rows, t);
  }

  private static String bad(ModelSpec model, Path location) {
    return assertThrows(BadDataException.class, () -> read(model, location)).getMessage();
  }

  @Test
  void excelCsvUtf8WithBomCrlfAndQuotedFieldsTrains() throws Exception {
    // Excel's "CSV UTF-8": a BOM, CRLF, and quotes only around fields that need them.
    Path f = write("excel.csv", BOM, utf8("a,b,note,label\r\n1.5,2,\"first, with a comma\",yes\r\n"
        + "3,4,\"a \"\"quoted\"\" word\",no\r\n5,6,\"two\r\nlines\",yes\r\n7,8,plain,no\r\n"));
    Read r = read(LABELS, f);
    assertEquals(4, r.rows().size());
    assertArrayEquals(new float[] {1.5f, 2, 5, 6}, new float[] {r.rows().get(0)[0], r.rows().get(0)[1], r.rows().get(2)[0],
        r.rows().get(2)[1]});
    assertEquals(List.of("no", "yes"), r.table().classes().orElseThrow().names(), "string labels, sorted");
    assertEquals(ClassLabels.Kind.NAMED, r.table().classes().orElseThrow().kind());
    assertArrayEquals(new float[] {1, 0, 1, 0}, r.targets());
    // The quoted line break does not shift the lines reported after it.
    Path broken = write("excel-bad.csv", BOM, utf8("a,b,note,label\r\n1,2,\"two\r\nlines\",yes\r\n3,x,plain,no\r\n"));
    assertTrue(bad(LABELS, broken).endsWith("excel-bad.csv:4: column 'b': expected a number, got 'x'"), bad(LABELS, broken));
  }

  @Test
  void everyFieldQuotedAsPythonsQuoteAllWritesItIsNumbersStill() throws Exception {
    Path f = write("quote-all.csv", utf8("\"a\",\"b\",\"label\"\n\"1\",\"2\",\"0\"\n\"3\",\" 4 \",\"1\"\n"));
    Read r = read(LABELS, f);
    assertEquals(4f, r.rows().get(1)[1]);
    assertEquals(ClassLabels.Kind.INTEGER, r.table().classes().orElseThrow().kind());
    assertEquals(List.of("class0", "class1"), r.table().classes().orElseThrow().names());
  }

  @Test
  void aQuotedDecimalCommaIsOneFieldAndNotANumber() throws Exception {
    Path f = write("decimal-comma.csv", utf8("a,b,label\n\"2,5\",1,yes\n1,1,no\n"));
    assertEquals(f + ":2: column 'a': expected a number, got '2,5' (a decimal comma: write numbers with a decimal point, 2.5)",
        bad(LABELS, f));
    Path unquoted = write("unquoted-comma.csv", utf8("a,b,label\n1,1,no\n2,5,1,yes\n"));
    assertEquals(unquoted + ":3: expected 3 fields as in the header, got 4 (quote fields that contain commas: \"2,5\")",
        bad(LABELS, unquoted));
  }

  @Test
  void emptyLinesAtTheEndAndInBetweenAreSkipped() throws Exception {
    Path f = write("trailing.csv", utf8("a,b,label\n1,2,0\n\n3,4,1\n\n\n"));
    assertEquals(2, read(LABELS, f).rows().size());
    Path crlf = write("trailing-crlf.csv", utf8("a,b,label\r\n1,2,0\r\n3,4,1\r\n\r\n\r\n"));
    assertEquals(2, read(LABELS, crlf).rows().size());
    // Lines are still counted: the bad row is line 4.
    Path gap = write("gap.csv", utf8("a,b,label\n1,2,0\n\n3,,1\n"));
    assertEquals(gap + ":4: column 'b': expected a number, got ''", bad(LABELS, gap));
  }

  @Test
  void latin1BytesAreBadDataNamingTheLine() throws Exception {
    // "café" saved by a spreadsheet in Windows-1252/Latin-1: 0xE9 is not UTF-8.
    Path f = write("latin1.csv", utf8("a,b,label\n1,2,yes\n3,4,caf"), new byte[] {(byte) 0xE9}, utf8("\n5,6,no\n"));
    assertEquals(f + ":3: not UTF-8 text: byte 0xE9 at byte 8 of the line; expected a UTF-8 file (save it as UTF-8, e.g."
        + " Excel's \"CSV UTF-8\", or convert it: iconv -f latin1 -t utf-8)", bad(LABELS, f));
    // Far into a file (past the parser's and the decoder's buffers), the line is still the right one.
    StringBuilder many = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 50_000; i++) {
      many.append(i).append(",1,yes\n");
    }
    Path late = write("latin1-late.csv", utf8(many.toString()), utf8("7,8,"), new byte[] {(byte) 0xFC}, utf8("ber\n"));
    assertTrue(bad(LABELS, late).startsWith(late + ":50002: not UTF-8 text: byte 0xFC at byte 5 of the line"), bad(LABELS, late));
  }

  @Test
  void aHeaderOnlyFileAndAnEmptyFileSayWhatWasExpected() throws Exception {
    Path header = write("header-only.csv", BOM, utf8("a,b,label\r\n"));
    assertEquals(header + ":2: expected a data row after the header, got the end of the file (a header-only file)",
        bad(LABELS, header));
    Path headerAndBlank = write("header-blank.csv", utf8("a,b,label\n\n\n"));
    assertTrue(bad(LABELS, headerAndBlank).contains("a header-only file"), bad(LABELS, headerAndBlank));
    Path empty = write("empty.csv", BOM);
    assertEquals(empty + ":1: expected a header row, got an empty file", bad(LABELS, empty));
  }

  @Test
  void duplicateHeaderNamesOfAColumnReadAreBadData() throws Exception {
    Path f = write("dupes.csv", utf8("a,b,a,label\n1,2,3,0\n4,5,6,1\n"));
    assertEquals(f + ":1: column 'a' appears 2 times in the header (fields 1, 3); expected unique column names", bad(LABELS, f));
    ModelSpec allColumns = new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "label", null, null);
    assertTrue(bad(allColumns, f).contains("column 'a' appears 2 times"));
    // A duplicated column the model does not read is left alone.
    Path notRead = write("dupes-unread.csv", utf8("a,b,note,note,label\n1,2,x,y,0\n4,5,x,y,1\n"));
    assertEquals(2, read(LABELS, notRead).rows().size());
  }

  @Test
  void wrongFieldCountsAndMissingColumnsNameTheLine() throws Exception {
    Path short_ = write("short.csv", utf8("a,b,label\n1,2,0\n1,2\n"));
    assertEquals(short_ + ":3: expected 3 fields as in the header, got 2", bad(LABELS, short_));
    Path missing = write("missing.csv", utf8("a,c,label\n1,2,0\n"));
    assertEquals(missing + ":1: missing column 'b' (header has [a, c, label])", bad(LABELS, missing));
    Path bomHeader = write("bom-header.csv", BOM, utf8("a,b,label\n1,2,0\n3,4,1\n"));
    assertEquals(2, read(LABELS, bomHeader).rows().size(), "the BOM is not part of the first column's name");
    Path unclosed = write("unclosed.csv", utf8("a,b,label\n1,2,0\n3,4,\"yes\n5,6,no\n"));
    assertTrue(bad(LABELS, unclosed).startsWith(unclosed + ":"), bad(LABELS, unclosed));
    assertTrue(bad(LABELS, unclosed).contains("malformed CSV"), bad(LABELS, unclosed));
  }

  @Test
  void pandasToCsvWithItsIndexColumn() throws Exception {
    // df.to_csv(path): an unnamed index column first, NaN as an empty field.
    Path f = write("pandas.csv", utf8(",a,b,label\n0,1.0,2.0,setosa\n1,3.0,4.0,versicolor\n2,5.0,6.0,setosa\n"));
    assertEquals(3, read(LABELS, f).rows().size(), "declared features: the index is just another column");
    ModelSpec allColumns = new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "label", null, null);
    assertTrue(bad(allColumns, f).startsWith(f + ":1: header field 1 has no name"), bad(allColumns, f));
    Path nan = write("pandas-nan.csv", utf8("a,b,label\n1.0,,setosa\n"));
    assertEquals(nan + ":2: column 'b': expected a number, got ''", bad(LABELS, nan));
  }

  @Test
  void featuresFromTheHeaderAreEveryColumnButTheTargetAndTheIgnoredOnes() throws Exception {
    Path f = write("wide.csv", utf8("id,x1,label,x2,x3\n1,0.5,a,2,3\n2,1.5,b,4,5\n"));
    ModelSpec model = new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "label", null, null, List.of("id"));
    Read r = read(model, f);
    assertEquals(List.of("x1", "x2", "x3"), r.table().features());
    assertArrayEquals(new float[] {0.5f, 2, 3, 0}, r.rows().get(0));
    ModelSpec typo = new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "label", null, null, List.of("idx"));
    assertEquals(f + ":1: the ignored column 'idx' is not in the header (header has [id, x1, label, x2, x3]); expected"
        + " model.ignore to name columns of the data", bad(typo, f));
    // Every file of a directory must then have the same features.
    Files.createDirectories(dir.resolve("parts"));
    Files.writeString(dir.resolve("parts/1.csv"), "x1,x2,label\n1,2,a\n");
    Files.writeString(dir.resolve("parts/2.csv"), "x2,x1,label\n1,2,b\n");
    ModelSpec all = new ModelSpec(ModelSpec.Task.CLASSIFICATION, null, "label", null, null);
    assertTrue(bad(all, dir.resolve("parts")).contains("2.csv:1: feature columns [x2, x1]; expected the same columns as the"
        + " dataset's first file, [x1, x2]"), bad(all, dir.resolve("parts")));
  }

  @Test
  void stringLabelsFollowTheDeclaredClassNamesWhichMustBeExactlyTheLabelsFound() throws Exception {
    Path f = write("iris.csv", utf8("a,b,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n"));
    ModelSpec named = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "species", null,
        List.of("setosa", "versicolor", "virginica"));
    assertArrayEquals(new float[] {2, 0, 1}, read(named, f).targets());
    ModelSpec reordered = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "species", 3,
        List.of("virginica", "versicolor", "setosa"));
    assertArrayEquals(new float[] {0, 2, 1}, read(reordered, f).targets());

    ModelSpec unknown = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "species", null,
        List.of("setosa", "virginica"));
    assertEquals(f + ":4: column 'species': label 'versicolor' is not one of the declared class names [setosa, virginica]",
        bad(unknown, f));
    ModelSpec extra = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "species", null,
        List.of("setosa", "versicolor", "virginica", "arctica"));
    assertEquals(f + ": column 'species': the declared class names [setosa, versicolor, virginica, arctica] include 'arctica',"
        + " which no row has; expected exactly the labels in the data [setosa, versicolor, virginica]", bad(extra, f));
    ModelSpec two = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "species", 2, null);
    assertEquals(f + ": column 'species': expected 2 classes (model.classes), found 3 labels [setosa, versicolor, virginica]",
        bad(two, f));
    Path oneClass = write("one.csv", utf8("a,b,species\n1,2,setosa\n"));
    ModelSpec inferred = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "species", null, null);
    assertEquals(oneClass + ": column 'species': expected at least 2 classes, found only the label 'setosa'", bad(inferred, oneClass));
    Path blank = write("blank-label.csv", utf8("a,b,species\n1,2,setosa\n3,4, \n"));
    assertEquals(blank + ":3: column 'species': expected a class label, got an empty field", bad(inferred, blank));
  }

  @Test
  void integerLabelsWorkAsBeforeAndAreCheckedAgainstTheClasses() throws Exception {
    Path f = write("ints.csv", utf8("a,b,label\n1,2,2\n3,4,0\n5,6,1\n"));
    ModelSpec three = ModelSpec.classification(List.of("a", "b"), "label", 3);
    assertArrayEquals(new float[] {2, 0, 1}, read(three, f).targets());
    ModelSpec two = ModelSpec.classification(List.of("a", "b"), "label", 2);
    assertEquals(f + ":2: column 'label': expected an integer class label in 0..1, got '2'", bad(two, f));
    Path half = write("half.csv", utf8("a,b,label\n1,2,0\n3,4,0.5\n"));
    assertEquals(half + ":3: column 'label': expected an integer class label in 0..2, got '0.5'", bad(three, half));
    Path negative = write("negative.csv", utf8("a,b,label\n1,2,0\n3,4,-1\n"));
    assertEquals(negative + ":3: column 'label': expected an integer class label 0, 1, 2, ... (or string labels), got '-1'",
        bad(LABELS, negative));
    assertEquals(List.of("class0", "class1", "class2"), read(LABELS, f).table().classes().orElseThrow().names(),
        "classes inferred: 0..max");
  }

  @Test
  void aSampleChecksTheHeaderAndTheFirstRowsOnly() throws Exception {
    Path f = write("sample.csv", utf8("a,b,label\n1,2,x\n3,4,y\n5,oops,z\n"));
    ModelSpec named = new ModelSpec(ModelSpec.Task.CLASSIFICATION, List.of("a", "b"), "label", null, List.of("x", "y", "z", "w"));
    Optional<ScannedTable> sample = DatasetScan.csv().scan(f, ColumnRequest.of(named), RowSink.DISCARD, RowLimit.sample(2, 0));
    assertFalse(sample.orElseThrow().complete());
    assertEquals(2, sample.get().rows());
    // A whole read sees the bad third row (and would see that no row has 'w').
    assertEquals(f + ":4: column 'b': expected a number, got 'oops'", bad(named, f));
    // A small file is read whole by the CLI's sample.
    assertTrue(assertThrows(BadDataException.class, () -> new DatasetCheck(DatasetScan.csv()).sample(named, f)).getMessage()
        .contains(":4: column 'b'"));
  }

  @Test
  void tfRecordDatasetsAreNotReadWithoutTheRuntime() throws Exception {
    Files.createDirectories(dir.resolve("shards"));
    Files.write(dir.resolve("shards/part-00000.tfrecord"), new byte[] {1, 2, 3});
    assertTrue(new DatasetCheck(DatasetScan.csv()).sample(LABELS, dir.resolve("shards")).isEmpty());
    assertEquals(dir.resolve("nowhere") + ": no such dataset file or directory",
        assertThrows(BadDataException.class, () -> new DatasetCheck(DatasetScan.csv()).sample(LABELS, dir.resolve("nowhere")))
            .getMessage());
  }

  @Test
  void writtenFieldsAreQuotedWhenTheyNeedIt() {
    assertEquals("setosa", CsvText.field("setosa"));
    assertEquals("\"a, b\"", CsvText.field("a, b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvText.field("say \"hi\""));
  }
}
