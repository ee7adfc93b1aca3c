package com.batchtrain.invoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.invoke.aws.AwsTransientException;
import com.batchtrain.invoke.aws.BackendUnavailableException;
import com.batchtrain.storage.ObjectNotFoundException;
import com.batchtrain.storage.StorageAccessDeniedException;
import com.batchtrain.storage.StorageUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    assertEquals(CliExit.UNAVAILABLE, CliFailures.exit(new BackendUnavailableException("no stack")));
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
    Files.writeString(spec, """
        name: mine
        model: {task: classification, features: [petal, sepal], target: label, classes: 3}
        data: file:///data/flowers/
        objective: {metric: val_macro_f1, goal: maximize}
        method: grid
        parameters:
          learning_rate: {values: [0.001, 0.01]}
          epochs: {value: 3}
        """);
    CliRun run = CliRun.of("sweep", spec.toString(), "--dry-run", "--results", tmp.resolve("results").toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("2 trial(s) by grid search, preset custom-classifier"), run.out());
    assertTrue(run.out().matches("(?s).*t0001\\s+0\\.01\\s+3.*"), run.out());
    assertTrue(!Files.exists(tmp.resolve("results")));
  }
}
