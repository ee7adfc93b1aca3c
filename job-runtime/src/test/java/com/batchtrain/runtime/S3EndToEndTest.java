package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.testsupport.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.batchtrain.contract.ExitCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * An array-job child as Batch runs it, against S3Proxy: trials file and dataset in the bucket, the
 * index from AWS_BATCH_JOB_ARRAY_INDEX, results, epoch metrics and checkpoint mirror back to S3.
 */
class S3EndToEndTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  @TempDir Path dir;

  @Test
  void arrayChildTrainsFromS3AndPublishesToS3ThenResumesFromTheMirror() throws Exception {
    String bucket = S3.newBucket();
    Path csv = TrainingFixtures.calcloudCsv(dir, 2000, 21);
    S3.client().putObject(b -> b.bucket(bucket).key("data/calcloud/calcloud.csv"), RequestBody.fromFile(csv));
    TrialsFile trials = new TrialsFile("s3e2e", "calcloud-memory-bin", "s3://" + bucket + "/data/calcloud/",
        new Objective("val_accuracy", Objective.Goal.MAXIMIZE), List.of(
            new TrialsFile.Trial("t0000", Map.of("epochs", 2)),
            new TrialsFile.Trial("t0001", Map.of("epochs", 6, "batch_size", 64, "hidden_units", List.of(32, 32)))));
    S3.client().putObject(b -> b.bucket(bucket).key("sweeps/s3e2e/trials.json"), RequestBody.fromBytes(trials.toJson()));

    Map<String, String> env = new HashMap<>(S3.environment());
    env.put("BT_RESULTS_URI", "s3://" + bucket + "/");
    env.put("BT_TRIALS_URI", "s3://" + bucket + "/sweeps/s3e2e/trials.json");
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "1");
    env.put("AWS_BATCH_JOB_ID", "test-job");
    env.put("BT_CACHE_DIR", dir.resolve("cache").toString());
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs").toString());
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("s3.log"), env, "train");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("\"level\":\"INFO\""), "JSON log lines inside Batch: " + r.output());

    Manifest m = Manifest.fromJson(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("sweeps/s3e2e/trials/t0001/manifest.json")).asByteArray());
    assertEquals("t0001", m.trialId());
    assertEquals(6, m.hyperparameters().get("epochs"));
    assertTrue(m.metrics().containsKey("val_accuracy"), m.metrics().toString());
    // Plumbing check, not a quality bar (PresetTrainingTest holds that at 0.65): 6 epochs of a 32x32 net on
    // 2,000 rows is early training; predicting one class scores 0.25 on the 4 classes.
    assertTrue(m.metrics().get("test_balanced_accuracy") > 0.35, m.metrics().toString());
    List<String> keys = S3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
    assertTrue(keys.contains("sweeps/s3e2e/trials/t0001/metrics/epoch-0006.json"), keys.toString());
    assertTrue(keys.stream().anyMatch(k -> k.matches("checkpoints/s3e2e/t0001/\\d{10}/COMPLETE")), keys.toString());
    assertTrue(keys.stream().noneMatch(k -> k.contains("/t0000/")), "only the indexed trial ran: " + keys);
    assertTrue(Files.list(dir.resolve("cache")).findAny().isPresent(), "dataset staged into BT_CACHE_DIR");
    assertEquals(eventFileKeys(m), tensorBoardKeys(bucket), "published event files, nothing else under tensorboard/");

    // A fresh host (empty run directory) picks the checkpoints up from the S3 mirror.
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs-fresh-host").toString());
    RuntimeProcess.Result again = RuntimeProcess.run(dir.resolve("s3-again.log"), env, "train");
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.output().contains("mirrored checkpoint(s) from the results store"), again.output());
    assertTrue(again.output().contains("resuming from checkpoint"), again.output());
    // The resumed session's log replaced the first one's in the store instead of adding to it.
    Manifest republished = Manifest.fromJson(S3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("sweeps/s3e2e/trials/t0001/manifest.json")).asByteArray());
    assertEquals(2, eventFileKeys(republished).size(), republished.files().toString());
    assertEquals(eventFileKeys(republished), tensorBoardKeys(bucket));
  }

  /**
   * SIGTERM (spot reclaim, timeout, cancel) with the results in S3: the final checkpoint is sealed
   * and mirrored and the job exits 75, well within the 30 s before ECS sends SIGKILL. Handled from
   * a JVM shutdown hook, the mirror upload never completed (the CRT's own hook stops its event loop)
   * and the job was killed with 137.
   */
  @Test
  void sigtermMirrorsTheFinalCheckpointAndExitsTransient() throws Exception {
    String bucket = S3.newBucket();
    Path csv = TrainingFixtures.calcloudCsv(dir, 12000, 5);
    Map<String, String> env = new HashMap<>(S3.environment());
    env.put("BT_RESULTS_URI", "s3://" + bucket + "/");
    env.put("BT_SWEEP_ID", "s3term");
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs").toString());
    RuntimeProcess p = RuntimeProcess.start(dir.resolve("term.log"), env, "train", "--preset", "calcloud-memory-bin",
        "--data", TrainingFixtures.fileUri(csv), "--hp", "epochs=40", "--hp", "batch_size=32",
        "--checkpoint-every-minutes", "0");
    String epoch2 = "sweeps/s3term/trials/t0000/metrics/epoch-0002.json";
    for (int i = 0; i < 2400 && S3.client().listObjectsV2(b -> b.bucket(bucket).prefix(epoch2)).contents().isEmpty(); i++) {
      assertTrue(p.process().isAlive(), () -> outputOf(p));
      Thread.sleep(50);
    }
    long signalled = System.nanoTime();
    p.process().destroy();
    assertTrue(p.process().waitFor(30, TimeUnit.SECONDS), () -> "still running 30 s after SIGTERM:\n" + outputOf(p));
    assertEquals(ExitCode.TRANSIENT.code(), p.process().exitValue(), outputOf(p));
    assertTrue(System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(30));
    String log = p.output();
    Matcher m = Pattern.compile("saved checkpoint \\S*/(\\d{10}) at epoch").matcher(log);
    assertTrue(m.find(), log);
    String step = m.group(1);
    List<String> keys = S3.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("checkpoints/s3term/t0000/"))
        .contents().stream().map(o -> o.key()).toList();
    assertTrue(keys.contains("checkpoints/s3term/t0000/" + step + "/COMPLETE"), "final checkpoint mirrored: " + keys);
  }

  private static String outputOf(RuntimeProcess p) {
    try {
      return p.output();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static List<String> eventFileKeys(Manifest m) {
    return m.files().stream().map(Manifest.Entry::path).filter(p -> p.startsWith("tensorboard/"))
        .map(p -> "sweeps/s3e2e/trials/t0001/" + p).sorted().toList();
  }

  private static List<String> tensorBoardKeys(String bucket) {
    return S3.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("sweeps/s3e2e/trials/t0001/tensorboard/"))
        // S3Proxy's filesystem backend also lists its directories as keys ending in '/'; they are not objects.
        .contents().stream().map(o -> o.key()).filter(k -> !k.endsWith("/")).sorted().toList();
  }
}
