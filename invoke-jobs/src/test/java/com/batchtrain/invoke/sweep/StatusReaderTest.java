package com.batchtrain.invoke.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.spec.Resources;
import com.batchtrain.storage.FileObjectStore;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import com.batchtrain.storage.TrialPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many store requests reasons cost: the one listing status makes anyway, then only failed trials' records. */
class StatusReaderTest {
  private static final SweepId SWEEP = SweepId.of("reads-1");
  private static final Instant T = Instant.parse("2026-12-02T01:00:00Z");

  @TempDir
  Path tmp;

  /** Every request, as "operation key-relative-to-the-sweep". */
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private ObjectStore counting(ObjectStore store, ResultsLayout layout) {
    String sweepKey = layout.sweep(SWEEP).key();
    java.util.function.Function<StorageUri, String> rel = u -> u.key().startsWith(sweepKey) ? u.key().substring(sweepKey.length()) : u.key();
    return new ObjectStore() {
      public byte[] read(StorageUri uri) {
        requests.add("read " + rel.apply(uri));
        return store.read(uri);
      }

      public Optional<byte[]> readIfExists(StorageUri uri) {
        requests.add("read " + rel.apply(uri));
        return store.readIfExists(uri);
      }

      public void write(StorageUri uri, byte[] bytes) {
        store.write(uri, bytes);
      }

      public boolean createIfAbsent(StorageUri uri, byte[] bytes) {
        return store.createIfAbsent(uri, bytes);
      }

      public java.util.List<String> folders(StorageUri prefix) {
        requests.add("folders " + rel.apply(prefix));
        return store.folders(prefix);
      }

      public void upload(Path file, StorageUri uri) {
        store.upload(file, uri);
      }

      public void download(StorageUri uri, Path file) {
        store.download(uri, file);
      }

      public void uploadDirectory(Path dir, StorageUri prefix) {
        store.uploadDirectory(dir, prefix);
      }

      public void downloadDirectory(StorageUri prefix, Path dir) {
        store.downloadDirectory(prefix, dir);
      }

      public List<StoredObject> list(StorageUri prefix) {
        requests.add("list " + rel.apply(prefix));
        return store.list(prefix);
      }

      public boolean exists(StorageUri uri) {
        requests.add("exists " + rel.apply(uri));
        return store.exists(uri);
      }

      public Optional<StoredObject> stat(StorageUri uri) {
        requests.add("stat " + rel.apply(uri));
        return store.stat(uri);
      }

      public void delete(StorageUri uri) {
        store.delete(uri);
      }

      public void close() {
        store.close();
      }
    };
  }

  private static FailureRecord record(int trial, int attempt, int code, String reason, Instant time) {
    return FailureRecord.of(SWEEP, Optional.of(TrialId.ofIndex(trial)), attempt, code, reason, time, FailureRecord.Writer.JOB_RUNTIME);
  }

  @Test
  void onlyTheRecordsOfFailedAndStoppedTrialsAreRead() throws Exception {
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(tmp.resolve("results")));
    ObjectStore files = new FileObjectStore();
    Objective objective = new Objective("val_accuracy", Objective.Goal.MAXIMIZE);
    SweepStore plain = new SweepStore(files, layout);
    plain.writeTrials(new TrialsFile(SWEEP.value(), "calcloud-memory-bin", "file:///d/", objective,
        IntStream.range(0, 5).mapToObj(i -> new TrialsFile.Trial(TrialId.ofIndex(i).value(), Map.of("epochs", 2))).toList()));
    // t0000 succeeded after a failed attempt; t0001 failed twice (the newer record wins, whatever its
    // number: a resumed Batch job counts attempts from 1 again); t0002 runs after a failed attempt;
    // t0003 stopped with a record; t0004 failed without any.
    Path dir = Files.createDirectories(tmp.resolve("t0"));
    Files.writeString(dir.resolve("config.json"), "{}");
    new TrialPublisher(files, layout).publish(SWEEP, TrialId.ofIndex(0), dir, Map.of(), Map.of("val_accuracy", 0.9));
    files.write(layout.trialFailure(SWEEP, TrialId.ofIndex(0), 1), record(0, 1, 75, "old", T).toJson());
    files.write(layout.trialFailure(SWEEP, TrialId.ofIndex(1), 3), record(1, 3, 65, "older, higher attempt", T).toJson());
    files.write(layout.trialFailure(SWEEP, TrialId.ofIndex(1), 1), record(1, 1, 65, "after resume", T.plusSeconds(5)).toJson());
    files.write(layout.trialFailure(SWEEP, TrialId.ofIndex(2), 1), record(2, 1, 75, "retrying", T).toJson());
    files.write(layout.trialFailure(SWEEP, TrialId.ofIndex(3), 1), record(3, 1, 75, "cannot reach s3://b/", T).toJson());
    files.write(layout.trialFailure(SWEEP, TrialId.ofIndex(3), 2), "{not a record".getBytes());

    SweepRecord sweep = new SweepRecord(SWEEP.value(), "reads", SweepRecord.Backend.LOCAL, T.toString(), layout.root().toString(),
        "calcloud-memory-bin", "file:///d/", objective, 5, List.of(), 1, 600, 2, "cpu", Resources.DEFAULT, "", "", List.of(),
        "name: reads", null);
    TrialStates backend = r -> Map.of(
        0, ExitClassifier.classify(Optional.of(0), ""),
        1, ExitClassifier.classify(Optional.of(65), ""),
        2, new ExitClassifier.TrialStatusPart(TrialState.RUNNING, "attempt 2"),
        3, ExitClassifier.classify(Optional.of(75), ""),
        4, ExitClassifier.classify(Optional.of(70), ""));
    List<TrialStatus> statuses = new StatusReader(new SweepStore(counting(files, layout), layout), backend).read(sweep);

    assertEquals(List.of("manifest published", "exit 65 (bad_data): after resume (attempt 1)", "attempt 2",
        "exit 75 (transient): cannot reach s3://b/ (attempt 1)", "exit 70 (internal_error)"),
        statuses.stream().map(TrialStatus::detail).toList(), "an unreadable record is skipped");
    assertEquals(List.of("list trials/", "read trials.json", "read trials/t0001/failures/attempt-001.json",
        "read trials/t0001/failures/attempt-003.json", "read trials/t0003/failures/attempt-001.json",
        "read trials/t0003/failures/attempt-002.json"),
        requests.stream().sorted().toList(), "the trials file, one listing, and the records of t0001 and t0003 only");
  }

  /**
   * Early stopping: a trial whose manifest carries {@code pruned} is PRUNED with the epoch it stopped
   * at. Only a sweep with early stopping reads manifests (the test above reads none), each finished
   * trial's once per reader, so {@code status --watch} does not read them again.
   */
  @Test
  void aPrunedManifestMakesATrialPrunedAndEachManifestIsReadOnce() throws Exception {
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(tmp.resolve("results")));
    ObjectStore files = new FileObjectStore();
    Objective objective = new Objective("val_accuracy", Objective.Goal.MAXIMIZE);
    new SweepStore(files, layout).writeTrials(new TrialsFile(SWEEP.value(), "calcloud-memory-bin", "file:///d/", objective,
        IntStream.range(0, 4).mapToObj(i -> new TrialsFile.Trial(TrialId.ofIndex(i).value(), Map.of("epochs", 9))).toList())
        .withEarlyStopping(com.batchtrain.contract.pruning.EarlyStopping.asha(1, 3, 9)));
    Path dir = Files.createDirectories(tmp.resolve("t"));
    Files.writeString(dir.resolve("config.json"), "{}");
    TrialPublisher publisher = new TrialPublisher(files, layout);
    // t0000 trained all 9 epochs; t0001 was pruned at the rung after epoch 3; t0002 at epoch 1 with no
    // reason given; t0003 still runs.
    for (int epoch = 1; epoch <= 3; epoch++) {
      publisher.writeEpochMetrics(SWEEP, TrialId.ofIndex(1), epoch, Map.of("epoch", epoch, "metrics", Map.of("val_accuracy", 0.5)));
    }
    publisher.publish(SWEEP, TrialId.ofIndex(0), dir, Map.of(), Map.of("val_accuracy", 0.9));
    publisher.publish(SWEEP, TrialId.ofIndex(1), dir, Map.of(), Map.of("val_accuracy", 0.5), null,
        new com.batchtrain.contract.Manifest.Pruned(3, 9, "asha: not in the best 1/3 at rung epoch 3"));
    publisher.publish(SWEEP, TrialId.ofIndex(2), dir, Map.of(), Map.of("val_accuracy", 0.4), null,
        new com.batchtrain.contract.Manifest.Pruned(1, 9, null));
    SweepRecord sweep = new SweepRecord(SWEEP.value(), "reads", SweepRecord.Backend.LOCAL, T.toString(), layout.root().toString(),
        "calcloud-memory-bin", "file:///d/", objective, 4, List.of(), 1, 600, 2, "cpu", Resources.DEFAULT, "", "", List.of(),
        "name: reads", null);
    TrialStates backend = r -> Map.of(
        0, ExitClassifier.classify(Optional.of(0), ""),
        1, ExitClassifier.classify(Optional.of(0), ""),
        2, ExitClassifier.classify(Optional.of(0), ""),
        3, new ExitClassifier.TrialStatusPart(TrialState.RUNNING, "attempt 1"));
    StatusReader reader = new StatusReader(new SweepStore(counting(files, layout), layout), backend);
    List<TrialStatus> statuses = reader.read(sweep);

    assertEquals(List.of(TrialState.SUCCEEDED, TrialState.PRUNED, TrialState.PRUNED, TrialState.RUNNING),
        statuses.stream().map(TrialStatus::state).toList());
    assertEquals(List.of("manifest published", "pruned at epoch 3 of 9: asha: not in the best 1/3 at rung epoch 3",
        "pruned at epoch 1 of 9", "attempt 1"), statuses.stream().map(TrialStatus::detail).toList());
    assertEquals(List.of("9/9", "3/9", "1/9", "0/9"), statuses.stream().map(TrialStatus::progress).toList());
    assertEquals(List.of("list trials/", "read trials.json", "read trials/t0000/manifest.json", "read trials/t0001/manifest.json",
        "read trials/t0002/manifest.json"), requests.stream().sorted().toList(), "the manifests of the finished trials, once each");

    requests.clear();
    assertEquals(statuses, reader.read(sweep), "the same states on a refresh");
    assertEquals(List.of("list trials/", "read trials.json"), requests.stream().sorted().toList(), "no manifest read again");
  }
}
