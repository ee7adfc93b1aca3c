package com.batchtrain.invoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.invoke.aws.AwsTransientException;
import com.batchtrain.datasets.BadDataException;
import com.batchtrain.invoke.aws.BackendUnavailableException;
import com.batchtrain.invoke.local.RuntimeUnavailableException;
import com.batchtrain.storage.ObjectNotFoundException;
import com.batchtrain.storage.StorageAccessDeniedException;
import com.batchtrain.storage.StorageUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir
  Path tmp;

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"sweep", "status", "results", "report", "cancel", "resume"}) {
      CliRun run = CliRun.of(command, "--help");
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().startsWith("Usage: invoke-jobs " + command), run.out());
    }
    assertTrue(CliRun.of("--help").out().contains("Start here:  invoke-jobs sweep examples/calcloud-memory-bin.yaml"));
  }

  @Test
  void exitCodesComeFromTheFailureType() {
    assertEquals(CliExit.BAD_INPUT, CliFailures.exit(new InvalidValueException("f", "x", "y")));
    assertEquals(CliExit.BAD_INPUT, CliFailures.exit(new ObjectNotFoundException(StorageUri.parse("s3://abc/x"), null)));
    assertEquals(CliExit.BAD_DATA, CliFailures.exit(new BadDataException("d.csv:3: column 'b': expected a number, got 'x'")));
    assertEquals(65, CliExit.BAD_DATA.code());
    assertEquals(CliExit.UNAVAILABLE, CliFailures.exit(new BackendUnavailableException("no stack")));
    assertEquals(CliExit.UNAVAILABLE, CliFailures.exit(new RuntimeUnavailableException("no job runtime")));
    assertEquals(CliExit.UNAVAILABLE, CliFailures.exit(
        new StorageAccessDeniedException("read", StorageUri.parse("s3://abc/x"), "AccessDenied", null)));
    assertEquals(CliExit.TRANSIENT, CliFailures.exit(new StorageUnavailableException("down", null)));
    assertEquals(CliExit.TRANSIENT, CliFailures.exit(new AwsTransientException("throttled", null)));
    assertEquals(CliExit.INTERNAL, CliFailures.exit(new IllegalStateException("bug")));
  }

  @Test
  void aBadSpecIsReportedWithItsFieldAndExit64() throws Exception {
    Path spec = tmp.resolve("bad.yaml");
    Files.writeString(spec, Files.readString(Path.of("..", "examples", "calcloud-memory-bin.yaml"))
        .replace("min: 0.001", "min: abc"));
    CliRun run = CliRun.of("sweep", spec.toString(), "--results", tmp.resolve("results").toString());
    assertEquals(64, run.exitCode(), run.toString());
    assertEquals("invoke-jobs sweep: parameters.learning_rate.min: expected a number > 0, got 'abc'\n", run.err());
    assertTrue(!Files.exists(tmp.resolve("results")), "nothing is written for a bad spec");
  }

  @Test
  void anUnknownSweepAndAnUnknownOptionAreBadInput() {
    CliRun status = CliRun.of("status", "nope-1", "--results", tmp.toString());
    assertEquals(64, status.exitCode(), status.toString());
    assertTrue(status.err().contains("sweep: expected a sweep in the results store"), status.err());
    CliRun option = CliRun.of("results", "x", "--fromat", "csv");
    assertEquals(64, option.exitCode(), option.toString());
    assertTrue(option.err().contains("'--fromat'"), option.err());
  }

  @Test
  void localDryRunShowsTheTrialsAndTheContractEnvironment() {
    CliRun run = CliRun.of("sweep", Path.of("..", "examples", "calcloud-memory.yaml").toString(), "--dry-run",
        "--results", tmp.resolve("results").toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("4 trial(s) by grid search"), run.out());
    assertTrue(run.out().matches("(?s).*t0003\\s+0\\.01\\s+\\[64,32\\]\\s+512\\s+4.*"), run.out());
    assertTrue(run.out().contains("BT_TRIALS_URI=file://"), run.out());
    assertTrue(run.out().contains("dry run: nothing was written or submitted"), run.out());
    assertTrue(!Files.exists(tmp.resolve("results")));
  }

  @Test
  void localDryRunOfADeclaredModelExpandsItsTrials() throws Exception {
    Path spec = tmp.resolve("mine.yaml");
    // A dry run checks local data too (it is on this machine): the file must be there and fit.
    Path flowers = Files.createDirectories(tmp.resolve("flowers"));
    Files.writeString(flowers.resolve("flowers.csv"), "petal,sepal,label\n1,2,0\n3,4,2\n5,6,1\n");
    Files.writeString(spec, """
        name: mine
        model: {task: classification, features: [petal, sepal], target: label, classes: 3}
        data: %s
        objective: {metric: val_macro_f1, goal: maximize}
        method: grid
        parameters:
          learning_rate: {values: [0.001, 0.01]}
          epochs: {value: 3}
        """.formatted(StorageUri.ofPath(flowers)));
    CliRun run = CliRun.of("sweep", spec.toString(), "--dry-run", "--results", tmp.resolve("results").toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("2 trial(s) by grid search, preset custom-classifier"), run.out());
    assertTrue(run.out().matches("(?s).*t0001\\s+0\\.01\\s+3.*"), run.out());
    assertTrue(!Files.exists(tmp.resolve("results")));
  }

  private Path spec(String name, String model, Path data) throws Exception {
    Path spec = tmp.resolve(name + ".yaml");
    Files.writeString(spec, """
        name: %s
        %s
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        parameters:
          epochs: {value: 1}
        """.formatted(name, model, StorageUri.ofPath(data)));
    return spec;
  }

  /**
   * Files the trials could not train on, as spreadsheets and pandas write them: the local sweep exits
   * 65 with one line naming the file and line, before anything is printed, written or started.
   */
  @Test
  void aLocalSweepOverABadFileExits65BeforeAnyTrialStarts() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("not-a-number.csv", concat(bom, "sepal,petal,kind\r\n1,2,a\r\n3,\"2,5\",b\r\n".getBytes(StandardCharsets.UTF_8)));
    files.put("latin1.csv", concat("sepal,petal,kind\n1,2,caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9, '\n'}));
    files.put("header-only.csv", concat(bom, "sepal,petal,kind\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    files.put("duplicate.csv", "sepal,petal,sepal,kind\n1,2,3,a\n".getBytes(StandardCharsets.UTF_8));
    files.put("unseen-label.csv", "sepal,petal,kind\n1,2,a\n3,4,b\n5,6,c\n".getBytes(StandardCharsets.UTF_8));
    files.put("wrong-count.csv", "sepal,petal,kind\n1,2,a\n3,4\n".getBytes(StandardCharsets.UTF_8));
    Map<String, String> expected = Map.of(
        "not-a-number.csv", ":3: column 'petal': expected a number, got '2,5' (a decimal comma: write numbers with a decimal point, 2.5)",
        "latin1.csv", ":2: not UTF-8 text: byte 0xE9 at byte 8 of the line",
        "header-only.csv", ":2: expected a data row after the header, got the end of the file (a header-only file)",
        "duplicate.csv", ":1: column 'sepal' appears 2 times in the header (fields 1, 3); expected unique column names",
        "unseen-label.csv", ":4: column 'kind': label 'c' is not one of the declared class names [a, b]",
        "wrong-count.csv", ":3: expected 3 fields as in the header, got 2");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path data = Files.createDirectories(tmp.resolve("data-" + f.getKey()));
      Path csv = Files.write(data.resolve(f.getKey()), f.getValue());
      Path spec = spec("bad-data", "model: {task: classification, target: kind, class_names: [a, b]}", data);
      Path results = tmp.resolve("results-" + f.getKey());
      Path work = tmp.resolve("work-" + f.getKey());
      CliRun run = CliRun.of("sweep", spec.toString(), "--results", results.toString(), "--work-dir", work.toString(),
          "--cache-dir", tmp.resolve("cache").toString());
      assertEquals(65, run.exitCode(), f.getKey() + ": " + run);
      assertTrue(run.err().startsWith("invoke-jobs sweep: " + csv + expected.get(f.getKey())), f.getKey() + ": " + run.err());
      assertEquals(1, run.err().lines().count(), "one line: " + run.err());
      assertEquals("", run.out(), "nothing printed before the check");
      assertTrue(!Files.exists(results) && !Files.exists(work), f.getKey() + ": nothing written, no trial started");
    }

    // A preset's columns are checked the same way.
    Path data = Files.createDirectories(tmp.resolve("data-preset"));
    Path csv = Files.writeString(data.resolve("jobs.csv"), "n_files,total_mb\n1,2\n");
    CliRun preset = CliRun.of("sweep", spec("preset", "preset: calcloud-memory-bin", data).toString(), "--dry-run",
        "--results", tmp.resolve("results-preset").toString());
    assertEquals(65, preset.exitCode(), preset.toString());
    assertTrue(preset.err().startsWith("invoke-jobs sweep: " + csv + ":1: missing column 'drizcorr'"), preset.err());
  }

  @Test
  void aGoodLocalFileIsCheckedAndItsFeaturesResolvedInTheDryRun() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("good"));
    Files.writeString(data.resolve("good.csv"), "\uFEFFid,sepal,petal,kind\r\n1,1,2,b\r\n2,3,4,a\r\n\r\n");
    CliRun run = CliRun.of("sweep", spec("good", "model: {task: classification, target: kind, ignore: [id]}", data).toString(),
        "--dry-run", "--results", tmp.resolve("results").toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("data checked: 1 CSV file, 2 rows (all), 2 features [sepal, petal], target 'kind',"
        + " classes [a, b] (string labels)"), run.out());
  }

  private Path commandSpec(String image, Path data) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("project"));
    Path spec = dir.resolve("own.yaml");
    Files.writeString(spec, """
        name: own
        trainer:
          command: [python3, train.py, --lr, "{lr}"]
        %s
        data: %s
        objective: {metric: val_top1, goal: maximize}
        method: grid
        parameters:
          lr: {values: [0.1, 0.01]}
          layers: {value: 3}
        """.formatted(image == null ? "" : "  image: " + image, StorageUri.ofPath(data)));
    return spec;
  }

  @Test
  void aLocalDryRunOfACommandTrainerShowsItsDirectoryAndCommand() throws Exception {
    Path data = Files.writeString(tmp.resolve("data.bin"), "anything");
    Path spec = commandSpec(null, data);
    CliRun run = CliRun.of("sweep", spec.toString(), "--dry-run", "--results", tmp.resolve("results").toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", run.err());
    assertTrue(run.out().contains("2 trial(s) by grid search, command: python3 train.py, objective maximize val_top1"), run.out());
    assertTrue(run.out().contains("data: " + data + " (a file), staged for the command as it is"), run.out());
    assertTrue(run.out().matches("(?s).*t0001\\s+0\\.01\\s+3.*"), run.out());
    assertTrue(run.out().contains("  BT_COMMAND_DIR=" + spec.getParent().toAbsolutePath() + "\n"), run.out());
    assertTrue(run.out().contains("  python3 train.py --lr {lr}\n"), run.out());
    assertTrue(!Files.exists(tmp.resolve("results")));
  }

  /**
   * A dry run of a sweep of its own image before the stack exists: the copy of the trial job
   * definition it will register is named from the placeholder and the image's hash.
   */
  @Test
  void aCommandTrainersOwnImageIsShownAsTheCopyToRegisterInADryRunWithoutTheStack() throws Exception {
    String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/trainer:v1";
    Path spec = commandSpec(image, Files.writeString(tmp.resolve("d"), "x"));
    // An endpoint nobody listens on: the stack cannot be read, so the names are placeholders.
    CliRun run = CliRun.of("sweep", spec.toString(), "--backend", "aws", "--dry-run", "--region", "us-east-1",
        "--aws-endpoint", "http://127.0.0.1:9");
    assertEquals(0, run.exitCode(), run.toString());
    String copy = "<copy of <CpuTrialJobDefinitionArn of BatchTrain-Batch> named <its name>"
        + com.batchtrain.invoke.aws.ImageJobDefinitions.name("", image) + ", with image " + image + ">";
    assertTrue(run.out().contains("RegisterJobDefinition: " + copy + ", registered when the sweep is submitted"), run.out());
    assertTrue(run.out().contains("\"jobDefinition\" : \"" + copy + "\""), run.out());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
