package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.testsupport.BlobEvent;
import com.batchtrain.testsupport.S3ProxyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

// The timeout only guards against a deadlocked stager hanging the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DatasetStagerTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path cache;
  @TempDir Path work;
  ObjectStore store;
  String bucket;

  @BeforeEach
  void open() {
    store = ObjectStores.open(StorageUri.parse("s3://any/"), S3.environment());
    bucket = S3.newBucket();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Writes a dataset below {@code prefix} and returns its files by relative key. */
  Map<String, byte[]> writeDataset(StorageUri prefix, int files, int bytesEach, boolean withChecksums) {
    Map<String, byte[]> content = new LinkedHashMap<>();
    for (int i = 0; i < files; i++) {
      String name = i % 2 == 0 ? "part-" + i + ".csv" : "shards/part-" + i + ".tfrecord";
      content.put(name, ObjectStoreContractTest.randomBytes(bytesEach + i, i));
    }
    if (withChecksums) {
      String sums = content.entrySet().stream()
          .map(e -> Sha256.of(e.getValue()) + "  " + e.getKey())
          .collect(Collectors.joining("\n", "", "\n"));
      content.put(ChecksumFile.NAME, sums.getBytes(StandardCharsets.UTF_8));
    }
    content.forEach((key, bytes) -> store.write(prefix.resolve(key), bytes));
    return content;
  }

  static void assertStagedCopy(Map<String, byte[]> expected, Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> present = files.filter(Files::isRegularFile)
          .map(f -> LocalFiles.relativeKey(dir, f)).sorted().toList();
      assertEquals(expected.keySet().stream().sorted().toList(), present);
    }
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())), e.getKey());
    }
  }

  long serverReads() {
    return S3.events(bucket).stream().filter(e -> e.kind() == BlobEvent.Kind.READ).count();
  }

  @Test
  void stagesAPrefixOnceAndWritesTheMarkerLast() throws IOException {
    StorageUri source = StorageUri.parse("s3://" + bucket + "/data/calcloud/");
    Map<String, byte[]> content = writeDataset(source, 4, 100_000, true);
    DatasetStager stager = new DatasetStager(store, cache);

    Path dir = stager.stage(source);
    long readsAfterFirst = serverReads();
    Path again = stager.stage(source);

    assertEquals(dir, again);
    assertTrue(dir.getFileName().toString().endsWith("-calcloud"), dir.toString());
    assertStagedCopy(content, dir);
    assertEquals(content.size(), readsAfterFirst, "one GET per object, SHA256SUMS included");
    assertEquals(readsAfterFirst, serverReads(), "a staged dataset is not downloaded again");
    StagedDataset marker = ContractJson.mapper().readValue(
        dir.resolveSibling(dir.getFileName() + DatasetStager.COMPLETE_SUFFIX).toFile(), StagedDataset.class);
    assertEquals(source.toString(), marker.source());
    assertEquals(content.size(), marker.files());
    assertEquals(4, marker.sha256Verified());
    assertTrue(stager.isStaged(source));
  }

  @Test
  void stagesASingleObject() throws IOException {
    StorageUri source = StorageUri.parse("s3://" + bucket + "/data/one/train.csv");
    byte[] bytes = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
    store.write(source, bytes);

    Path dir = new DatasetStager(store, cache).stage(source);

    assertStagedCopy(Map.of("train.csv", bytes), dir);
  }

  @Test
  void stagesFromAFileStore() throws IOException {
    Path data = Files.createDirectories(work.resolve("data/iris"));
    Files.writeString(data.resolve("iris.csv"), "x,y\n");
    try (ObjectStore files = new FileObjectStore()) {
      Path dir = new DatasetStager(files, cache).stage(StorageUri.ofPath(data));
      assertStagedCopy(Map.of("iris.csv", "x,y\n".getBytes(StandardCharsets.UTF_8)), dir);
    }
  }

  @Test
  void rejectsAFileWhoseSha256DiffersFromTheChecksumFile() {
    StorageUri source = StorageUri.parse("s3://" + bucket + "/data/bad/");
    writeDataset(source, 2, 1000, true);
    store.write(source.resolve("part-0.csv"), ObjectStoreContractTest.randomBytes(1000, 42));
    DatasetStager stager = new DatasetStager(store, cache);

    DatasetIntegrityException e = assertThrows(DatasetIntegrityException.class, () -> stager.stage(source));

    assertEquals(source.resolve("part-0.csv"), e.uri());
    assertFalse(stager.isStaged(source));
  }

  @Test
  void rejectsAChecksumFileNamingMissingFiles() {
    StorageUri source = StorageUri.parse("s3://" + bucket + "/data/short/");
    writeDataset(source, 3, 1000, true);
    store.delete(source.resolve("part-2.csv"));

    assertThrows(DatasetIntegrityException.class, () -> new DatasetStager(store, cache).stage(source));
  }

  @Test
  void missingDatasetIsNotFound() {
    StorageUri source = StorageUri.parse("s3://" + bucket + "/data/none/");
    assertThrows(ObjectNotFoundException.class, () -> new DatasetStager(store, cache).stage(source));
  }

  @Test
  void concurrentProcessesDownloadADatasetOnce() throws Exception {
    StorageUri source = StorageUri.parse("s3://" + bucket + "/data/shared/");
    Map<String, byte[]> content = writeDataset(source, 6, 3 * 1024 * 1024, true);
    S3.clearEvents();

    List<String> outputs = runStagingProcesses("stage", source, 3);

    Path dir = new DatasetStager(store, cache).localDirectory(source);
    for (String output : outputs) {
      assertTrue(output.contains("STAGED " + dir), output);
    }
    assertStagedCopy(content, dir);
    for (String key : content.keySet()) {
      assertEquals(1, S3.reads(bucket, source.resolve(key).key()), key + ": " + S3.events(bucket));
    }
    long downloaders = outputs.stream().filter(o -> o.contains("DatasetStager - staging " + source)).count();
    assertEquals(1, downloaders, String.join("\n----\n", outputs));
  }

  @Test
  void aStagerThatCrashedMidDownloadIsDetectedAndRestaged() throws Exception {
    StorageUri source = StorageUri.parse("s3://" + bucket + "/data/crashy/");
    Map<String, byte[]> content = writeDataset(source, 4, 200_000, false);
    DatasetStager stager = new DatasetStager(store, cache);
    Path dir = stager.localDirectory(source);

    Process crashed = startStagingProcess("crash", source, work.resolve("go-crash"), work.resolve("crash.log"));
    awaitReady(crashed);
    Files.createFile(work.resolve("go-crash"));
    assertEquals(StagingProcess.CRASH_EXIT, crashed.waitFor(), Files.readString(work.resolve("crash.log")));
    assertTrue(Files.isDirectory(dir));
    assertFalse(stager.isStaged(source));
    try (Stream<Path> left = Files.walk(dir)) {
      assertTrue(left.anyMatch(p -> p.toString().endsWith(".staging")), "the crash left a partial file");
    }

    Path restaged = stager.stage(source);

    assertEquals(dir, restaged);
    assertStagedCopy(content, dir);
    assertTrue(stager.isStaged(source));
  }

  private List<String> runStagingProcesses(String mode, StorageUri source, int count) throws Exception {
    Path go = work.resolve("go");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Process p = startStagingProcess(mode, source, go, work.resolve("stager-" + i + ".log"));
      processes.add(p);
    }
    List<BufferedReader> readers = new ArrayList<>();
    for (Process p : processes) {
      readers.add(awaitReady(p));
    }
    Files.createFile(go);
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String out = readers.get(i).lines().collect(Collectors.joining("\n"));
      int exit = processes.get(i).waitFor();
      String log = Files.readString(work.resolve("stager-" + i + ".log"));
      assertEquals(0, exit, "stager " + i + " failed:\n" + out + "\n" + log);
      outputs.add(out + "\n" + log);
    }
    return outputs;
  }

  private Process startStagingProcess(String mode, StorageUri source, Path go, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StagingProcess.class.getName(), mode, cache.toString(), source.toString(), go.toString())
        .redirectError(log.toFile());
    builder.environment().putAll(S3.environment());
    return builder.start();
  }

  private static BufferedReader awaitReady(Process p) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    assertEquals("READY", line, "a staging process did not start");
    return reader;
  }
}
