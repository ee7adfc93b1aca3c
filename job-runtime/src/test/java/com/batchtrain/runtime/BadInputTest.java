package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input gets its documented exit code, a message naming the field (or file, line and
 * column), and leaves the results location untouched.
 */
class BadInputTest {
  @TempDir Path dir;
  Path results;
  Path good;

  @BeforeEach
  void setUp() throws Exception {
    results = dir.resolve("results");
    good = TrainingFixtures.calcloudCsv(dir, 300, 3);
  }

  private int train(String data, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--preset", "calcloud-memory-bin", "--data", data,
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString(), "--hp", "epochs=1"));
    args.addAll(List.of(extra));
    return Main.run(args.toArray(String[]::new));
  }

  private Path csvWith(String name, java.util.function.UnaryOperator<List<String>> edit) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, edit.apply(new ArrayList<>(Files.readAllLines(good))));
    return p;
  }

  private void assertNothingPublished() {
    assertEquals(0, TrainingFixtures.fileCount(results), "results location must stay empty");
  }

  @Test
  void malformedCsvRowIsBadData() throws Exception {
    Path bad = csvWith("short-row.csv", l -> {
      l.set(5, "1,2,3");
      return l;
    });
    assertEquals(ExitCode.BAD_DATA.code(), train(TrainingFixtures.fileUri(bad)));
    assertNothingPublished();
  }

  @Test
  void missingColumnIsBadData() throws Exception {
    Path bad = csvWith("no-total-mb.csv", l -> {
      l.set(0, l.get(0).replace("total_mb", "total_megabytes"));
      return l;
    });
    assertEquals(ExitCode.BAD_DATA.code(), train(TrainingFixtures.fileUri(bad)));
    assertNothingPublished();
  }

  @Test
  void nanValueIsBadData() throws Exception {
    Path bad = csvWith("nan.csv", l -> {
      String[] f = l.get(7).split(",");
      f[1] = "NaN";
      l.set(7, String.join(",", f));
      return l;
    });
    assertEquals(ExitCode.BAD_DATA.code(), train(TrainingFixtures.fileUri(bad)));
    assertNothingPublished();
  }

  @Test
  void missingDatasetIsBadData() {
    assertEquals(ExitCode.BAD_DATA.code(), train(TrainingFixtures.fileUri(dir.resolve("nowhere.csv"))));
    assertNothingPublished();
  }

  @Test
  void unknownHyperparameterIsBadInput() {
    assertEquals(ExitCode.BAD_INPUT.code(), train(TrainingFixtures.fileUri(good), "--hp", "learning_rat=0.1"));
    assertNothingPublished();
  }

  @Test
  void outOfRangeHyperparameterIsBadInput() {
    assertEquals(ExitCode.BAD_INPUT.code(), train(TrainingFixtures.fileUri(good), "--hp", "dropout=1.5"));
    assertEquals(ExitCode.BAD_INPUT.code(), train(TrainingFixtures.fileUri(good), "--hp", "optimizer=rmsprop"));
    assertNothingPublished();
  }

  @Test
  void objectiveTheTaskDoesNotReportIsBadInput() {
    assertEquals(ExitCode.BAD_INPUT.code(), train(TrainingFixtures.fileUri(good), "--objective", "val_r2:maximize"));
    assertNothingPublished();
  }

  @Test
  void unknownPresetAndBadUrisAreBadInput() {
    assertEquals(ExitCode.BAD_INPUT.code(), Main.run("train", "--preset", "calcloud-cpu", "--data", TrainingFixtures.fileUri(good),
        "--results", TrainingFixtures.fileUri(results)));
    assertEquals(ExitCode.BAD_INPUT.code(), train("http://example.com/data.csv"));
    assertEquals(ExitCode.BAD_INPUT.code(), Main.run("train", "--preset", "calcloud-memory", "--data", TrainingFixtures.fileUri(good),
        "--results", "s3://Not_A_Bucket/"));
    assertNothingPublished();
  }

  @Test
  void usageErrorsExit64NotPicocliDefault() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(ExitCode.BAD_INPUT.code(), Main.run("train", "--no-such-option"));
      assertEquals(ExitCode.BAD_INPUT.code(), Main.run("train", "--checkpoint-every-epochs", "often"));
      assertEquals(ExitCode.BAD_INPUT.code(), Main.run(new String[0]));
      assertEquals(ExitCode.BAD_INPUT.code(), Main.run("fly"));
    } finally {
      System.setErr(err);
    }
    assertTrue(captured.toString(StandardCharsets.UTF_8).contains("Unknown option: '--no-such-option'"), captured.toString());
    assertEquals(0, Main.run("train", "--help"));
  }

  @Test
  void unreachableS3EndpointIsTransientAndWritesNothing() throws Exception {
    // Port 9 on loopback refuses connections: the trials file cannot be read.
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("s3.log"), Map.of(
            "BT_S3_ENDPOINT", "http://127.0.0.1:9",
            "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "unused", "AWS_SECRET_ACCESS_KEY", "unused",
            "BT_RESULTS_URI", TrainingFixtures.fileUri(results), "BT_TRIALS_URI", "s3://bucket-nowhere/sweeps/s/trials.json",
            "AWS_BATCH_JOB_ARRAY_INDEX", "0", "BT_CHECKPOINT_ROOT", dir.resolve("runs").toString()),
        "train");
    assertEquals(ExitCode.TRANSIENT.code(), r.exitCode(), r.output());
    assertNothingPublished();
  }
}
