package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.testsupport.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The stage job and the trials after it, as on Batch: {@code stage} fills the cache; a trial finds the
 * dataset staged and reads it without writing to the cache; a trial whose cache cannot be written and
 * holds no staged copy stages into a per-job temporary cache instead of failing.
 */
class StageCommandTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  private static final Pattern TEMPORARY_CACHE = Pattern.compile("temporary per-job cache (\\S+)");

  @TempDir Path dir;
  Path results;
  String bucket;
  String dataUri;

  @BeforeEach
  void dataset() throws IOException {
    results = dir.resolve("results");
    bucket = S3.newBucket();
    Path csv = TrainingFixtures.calcloudCsv(dir, 600, 13);
    S3.client().putObject(b -> b.bucket(bucket).key("data/calcloud/calcloud.csv"), RequestBody.fromFile(csv));
    dataUri = "s3://" + bucket + "/data/calcloud/";
  }

  private Map<String, String> env(Path cache) {
    Map<String, String> env = new HashMap<>(S3.environment());
    env.put("BT_CACHE_DIR", cache.toString());
    env.put("BT_DATA_URI", dataUri);
    return env;
  }

  private RuntimeProcess.Result train(String log, Path cache) throws Exception {
    Map<String, String> env = env(cache);
    env.put("BT_RESULTS_URI", TrainingFixtures.fileUri(results));
    env.put("BT_CHECKPOINT_ROOT", dir.resolve("runs").toString());
    return RuntimeProcess.run(dir.resolve(log), env, "train", "--preset", "calcloud-memory-bin", "--sweep-id", log,
        "--hp", "epochs=1");
  }

  @Test
  void trainReadsAStagedDatasetWithoutWritingToTheCache() throws Exception {
    Path cache = dir.resolve("static");
    RuntimeProcess.Result staged = RuntimeProcess.run(dir.resolve("stage.log"), env(cache), "stage");
    assertEquals(0, staged.exitCode(), staged.output());
    Path stagedDir;
    try (Stream<Path> s = Files.list(cache)) {
      stagedDir = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    assertTrue(Files.exists(stagedDir.resolve("calcloud.csv")), "staged file");
    assertTrue(staged.output().contains(stagedDir.toString()), "prints the staged directory: " + staged.output());
    Map<String, String> before = snapshot(cache);

    RuntimeProcess.Result trained = train("staged", cache);
    assertEquals(0, trained.exitCode(), trained.output());
    assertTrue(trained.output().contains("already staged in " + stagedDir), trained.output());
    assertFalse(trained.output().contains("temporary per-job cache"), trained.output());
    // No entry created, removed or modified anywhere in the cache (directory mtimes included).
    assertEquals(before, snapshot(cache));
    assertTrue(Files.exists(results.resolve("sweeps/staged/trials/t0000/manifest.json")));
  }

  @Test
  void unstagedDatasetAndUnwritableCacheStageIntoATemporaryCache() throws Exception {
    // A cache path below a regular file can be neither created nor written, even by root.
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
    Path cache = blocker.resolve("static");

    RuntimeProcess.Result trained = train("fallback", cache);
    assertEquals(0, trained.exitCode(), trained.output());
    Matcher m = TEMPORARY_CACHE.matcher(trained.output());
    assertTrue(m.find(), trained.output());
    assertTrue(trained.output().contains("WARN"), trained.output());
    assertTrue(trained.output().contains("not staged in the cache " + cache), trained.output());
    assertFalse(Files.exists(Path.of(m.group(1))), "temporary cache deleted once the data is loaded");
    assertTrue(Files.exists(results.resolve("sweeps/fallback/trials/t0000/manifest.json")));

    // The stage job itself has no fallback: an unwritable cache is an infrastructure failure.
    RuntimeProcess.Result stage = RuntimeProcess.run(dir.resolve("stage-unwritable.log"), env(cache), "stage");
    assertEquals(ExitCode.TRANSIENT.code(), stage.exitCode(), stage.output());
  }

  @Test
  void stageFailuresMapToTheContractCodes() throws Exception {
    Path cache = dir.resolve("cache");
    assertEquals(ExitCode.BAD_INPUT.code(), Main.run("stage", "--data", "http://example.com/data.csv", "--cache-dir", cache.toString()));
    assertEquals(ExitCode.BAD_INPUT.code(), Main.run("stage", "--data", "s3://Not_A_Bucket/x", "--cache-dir", cache.toString()));
    assertEquals(ExitCode.BAD_DATA.code(), Main.run("stage", "--data", TrainingFixtures.fileUri(dir.resolve("nowhere.csv")),
        "--cache-dir", cache.toString()));

    Map<String, String> missing = env(cache);
    missing.put("BT_DATA_URI", "s3://" + bucket + "/data/nothing-here/");
    RuntimeProcess.Result notFound = RuntimeProcess.run(dir.resolve("stage-missing.log"), missing, "stage");
    assertEquals(ExitCode.BAD_INPUT.code(), notFound.exitCode(), notFound.output());

    // Port 9 on loopback refuses connections.
    Map<String, String> unreachable = env(cache);
    unreachable.put("BT_S3_ENDPOINT", "http://127.0.0.1:9");
    RuntimeProcess.Result down = RuntimeProcess.run(dir.resolve("stage-unreachable.log"), unreachable, "stage");
    assertEquals(ExitCode.TRANSIENT.code(), down.exitCode(), down.output());
    try (Stream<Path> s = Files.list(cache)) {
      List<String> left = s.map(p -> p.getFileName().toString()).toList();
      // Only the stagers' lock files: no dataset directory, no completion marker.
      assertTrue(left.stream().allMatch(n -> n.endsWith(".lock")), left.toString());
    }
  }

  @Test
  void fileDatasetsAreReadInPlaceSoStagingOnlyChecksThem() throws Exception {
    Path csv = TrainingFixtures.calcloudCsv(dir, 50, 1);
    Path cache = dir.resolve("cache");
    assertEquals(0, Main.run("stage", "--data", TrainingFixtures.fileUri(csv), "--cache-dir", cache.toString()));
    assertFalse(Files.exists(cache), "nothing copied for a file:// dataset");
  }

  /** Every path below {@code root} (itself included) with its type, size and modification time. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        entries.put(root.relativize(p).toString(), (a.isDirectory() ? "d " : "f ") + a.size() + " " + a.lastModifiedTime());
      }
    }
    return entries;
  }
}
