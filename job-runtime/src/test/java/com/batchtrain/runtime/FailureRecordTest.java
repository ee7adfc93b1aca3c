package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.FailureRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure records written by the runtime in real JVMs, as Batch and the local backend launch it:
 * a sweep trial (trials file, index, attempt from {@code AWS_BATCH_JOB_ATTEMPT}) and a staging job.
 */
class FailureRecordTest {
  private static final String SWEEP = "records-1";
  private static final Pattern LOGGED = Pattern.compile("(bad_input|bad_data|internal_error|transient) \\(exit (\\d+)\\): (.*)");

  @TempDir Path dir;
  Path results;
  Path good;

  @BeforeEach
  void setUp() throws Exception {
    results = dir.resolve("results");
    good = TrainingFixtures.calcloudCsv(dir, 300, 3);
  }

  /** A one-trial sweep's trials file on file:// with the trial's hyperparameters as JSON. */
  private Path trialsFile(Path data, String hyperparametersJson) throws Exception {
    Path trials = dir.resolve("trials-" + System.nanoTime() + ".json");
    Files.writeString(trials, """
        {"sweepId": "%s", "preset": "calcloud-memory-bin", "dataUri": "%s",
         "objective": {"metric": "val_accuracy", "goal": "maximize"},
         "trials": [{"trialId": "t0000", "hyperparameters": %s}]}
        """.formatted(SWEEP, TrainingFixtures.fileUri(data), hyperparametersJson));
    return trials;
  }

  private Map<String, String> sweepEnv(Path trials, String resultsUri) {
    Map<String, String> env = new HashMap<>();
    env.put("BT_SWEEP_ID", SWEEP);
    env.put("BT_TRIALS_URI", TrainingFixtures.fileUri(trials));
    env.put("BT_RESULTS_URI", resultsUri);
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "0");
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs").toString());
    env.put("BT_CACHE_DIR", dir.resolve("cache").toString());
    return env;
  }

  private List<Path> files(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  /** The message the runtime logged with its exit code: what the record's reason must be. */
  private static String loggedReason(String output, int code) {
    Matcher m = LOGGED.matcher(output);
    while (m.find()) {
      if (Integer.parseInt(m.group(2)) == code) {
        return m.group(3).strip();
      }
    }
    throw new AssertionError("no '<class> (exit " + code + "): ...' line in:\n" + output);
  }

  private static void assertOneLineWithoutTrace(FailureRecord r) {
    assertFalse(r.reason().contains("\n") || r.reason().contains("\r"), r.reason());
    assertFalse(r.reason().matches("(?s).*\\bat [a-z]+\\.[a-z]+\\..*\\(.*"), "no stack frame: " + r.reason());
    assertTrue(r.reason().length() <= FailureRecord.MAX_REASON_LENGTH, r.reason());
  }

  @Test
  void aBadDataTrialLeavesExactlyOneRecordWithItsReasonAndPublishesNothing() throws Exception {
    Path bad = dir.resolve("no-total-mb.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(good));
    lines.set(0, lines.get(0).replace("total_mb", "total_megabytes"));
    Files.write(bad, lines);
    Path trials = trialsFile(bad, "{\"epochs\": 1}");
    Map<String, String> env = sweepEnv(trials, TrainingFixtures.fileUri(results));
    env.put("AWS_BATCH_JOB_ATTEMPT", "2");
    Instant before = Instant.now();

    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("bad-data.log"), env, "train");

    assertEquals(ExitCode.BAD_DATA.code(), r.exitCode(), r.output());
    assertEquals(List.of(Path.of("sweeps", SWEEP, "trials", "t0000", "failures", "attempt-002.json")), files(results),
        "one record, named by the attempt; nothing published");
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(results.resolve(files(results).get(0))));
    assertEquals(SWEEP, record.sweepId());
    assertEquals("t0000", record.trialId());
    assertEquals(2, record.attempt());
    assertEquals(65, record.exitCode());
    assertEquals(FailureRecord.FailureClass.BAD_DATA, record.exitClass());
    assertEquals(FailureRecord.Writer.JOB_RUNTIME, record.recordedBy());
    assertEquals(null, record.signal());
    assertEquals(FailureRecord.sanitize(loggedReason(r.output(), 65)), record.reason());
    assertTrue(record.reason().contains("total_mb"), record.reason());
    assertOneLineWithoutTrace(record);
    assertFalse(record.instant().isBefore(before.minusSeconds(1)), record.time());
    assertFalse(record.instant().isAfter(Instant.now()), record.time());
    assertTrue(r.output().contains("failure recorded at " + TrainingFixtures.fileUri(results) + "sweeps/" + SWEEP
        + "/trials/t0000/failures/attempt-002.json"), r.output());
  }

  @Test
  void aBadInputTrialRecordsTheFieldAndScrubsSecretLookingValues() throws Exception {
    Path trials = trialsFile(good, "{\"epochs\": 1, \"dropout\": 1.5}");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("bad-input.log"), sweepEnv(trials, TrainingFixtures.fileUri(results)),
        "train");
    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    Path key = Path.of("sweeps", SWEEP, "trials", "t0000", "failures", "attempt-001.json");
    assertEquals(List.of(key), files(results), "no AWS_BATCH_JOB_ATTEMPT: attempt 1");
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(results.resolve(key)));
    assertEquals(FailureRecord.FailureClass.BAD_INPUT, record.exitClass());
    assertEquals(64, record.exitCode());
    assertEquals("dropout: expected a number in [0.0, 0.95], got 1.5", record.reason());
    assertOneLineWithoutTrace(record);

    // A value that looks like secrets, in the message a real trial exits 64 with.
    String secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    Path leaky = trialsFile(good, "{\"epochs\": 1, \"activation\": \"relu token=hunter2 AKIAIOSFODNN7EXAMPLE " + secretKey + "\"}");
    Path leakyResults = dir.resolve("leaky-results");
    RuntimeProcess.Result l = RuntimeProcess.run(dir.resolve("leaky.log"), sweepEnv(leaky, TrainingFixtures.fileUri(leakyResults)),
        "train");
    assertEquals(ExitCode.BAD_INPUT.code(), l.exitCode(), l.output());
    assertTrue(l.output().contains("hunter2") && l.output().contains(secretKey), "the message held them: " + l.output());
    String json = Files.readString(leakyResults.resolve(key));
    for (String secret : List.of("hunter2", "AKIAIOSFODNN7EXAMPLE", secretKey, "wJalrXUtnFEMI")) {
      assertFalse(json.contains(secret), secret + " in " + json);
    }
    FailureRecord scrubbed = FailureRecord.fromJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(scrubbed.reason().startsWith("activation: expected one of"), scrubbed.reason());
    assertTrue(scrubbed.reason().contains("token=[redacted]"), scrubbed.reason());
    assertEquals(3, scrubbed.reason().split(Pattern.quote(FailureRecord.REDACTED), -1).length - 1, scrubbed.reason());
  }

  @Test
  void anUnreachableResultsStoreLeavesTheExitCodeAlone() throws Exception {
    Path bad = dir.resolve("nan.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(good));
    String[] f = lines.get(7).split(",");
    f[1] = "NaN";
    lines.set(7, String.join(",", f));
    Files.write(bad, lines);
    Map<String, String> env = sweepEnv(trialsFile(bad, "{\"epochs\": 1}"), "s3://results-nowhere/");
    // Port 9 on loopback refuses connections.
    env.putAll(Map.of("BT_S3_ENDPOINT", "http://127.0.0.1:9", "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "unused", "AWS_SECRET_ACCESS_KEY", "unused"));
    long start = System.nanoTime();
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("unreachable.log"), env, "train");
    assertEquals(ExitCode.BAD_DATA.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains("could not record the failure at s3://results-nowhere/sweeps/" + SWEEP
        + "/trials/t0000/failures/attempt-001.json"), r.output());
    assertTrue(r.output().contains("exiting 65 all the same"), r.output());
    assertTrue(System.nanoTime() - start < 90_000_000_000L, "the record's bounded timeouts keep the exit prompt");

    // A staging job with its store unreachable: its own exit code (the dataset is missing: 65) stands too.
    Map<String, String> stage = new HashMap<>(env);
    stage.put("BT_DATA_URI", TrainingFixtures.fileUri(dir.resolve("nowhere.csv")));
    RuntimeProcess.Result s = RuntimeProcess.run(dir.resolve("stage-unreachable.log"), stage, "stage");
    assertEquals(ExitCode.BAD_DATA.code(), s.exitCode(), s.output());
    assertTrue(s.output().contains("could not record the failure at s3://results-nowhere/sweeps/" + SWEEP
        + "/stage/failures/attempt-001.json"), s.output());
  }

  @Test
  void aFailedStagingJobRecordsUnderTheSweepsStageKey() throws Exception {
    Map<String, String> env = sweepEnv(trialsFile(good, "{\"epochs\": 1}"), TrainingFixtures.fileUri(results));
    env.put("BT_DATA_URI", TrainingFixtures.fileUri(dir.resolve("nowhere.csv")));
    env.put("AWS_BATCH_JOB_ATTEMPT", "1");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("stage.log"), env, "stage");
    assertEquals(ExitCode.BAD_DATA.code(), r.exitCode(), r.output());
    Path key = Path.of("sweeps", SWEEP, "stage", "failures", "attempt-001.json");
    assertEquals(List.of(key), files(results));
    FailureRecord record = FailureRecord.fromJson(Files.readAllBytes(results.resolve(key)));
    assertTrue(record.stage(), record.toString());
    assertEquals(FailureRecord.FailureClass.BAD_DATA, record.exitClass());
    assertEquals(FailureRecord.sanitize(loggedReason(r.output(), 65)), record.reason());
    assertTrue(record.reason().contains("nowhere.csv"), record.reason());
  }

  @Test
  void aTrialRunByHandWithoutATrialsFileRecordsNothing() throws Exception {
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("by-hand.log"), Map.of("BT_SWEEP_ID", SWEEP), "train",
        "--preset", "calcloud-memory-bin", "--data", TrainingFixtures.fileUri(dir.resolve("nowhere.csv")),
        "--results", TrainingFixtures.fileUri(results), "--checkpoint-root", dir.resolve("runs").toString());
    assertEquals(ExitCode.BAD_DATA.code(), r.exitCode(), r.output());
    assertEquals(List.of(), files(results));
    assertTrue(r.output().contains("no failure record for this attempt: not a sweep trial"), r.output());
  }
}
