package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.testsupport.BlobEvent;
import com.batchtrain.testsupport.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

class TrialPublisherTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  static final SweepId SWEEP = SweepId.of("calcloud-mem-20261123-141500-a1b2");
  static final TrialId TRIAL = TrialId.ofIndex(3);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T15:00:00Z"), ZoneOffset.UTC);

  @TempDir Path work;
  ObjectStore store;
  String bucket;
  ResultsLayout layout;
  Path trialDir;

  @BeforeEach
  void open() throws IOException {
    store = ObjectStores.open(StorageUri.parse("s3://any/"), S3.environment());
    bucket = S3.newBucket();
    layout = new ResultsLayout(StorageUri.parse("s3://" + bucket + "/results/"));
    trialDir = Files.createDirectories(work.resolve("t0003"));
    Files.writeString(trialDir.resolve("history.json"), "[{\"epoch\":0,\"loss\":0.5}]");
    Files.writeString(trialDir.resolve("config.json"), "{\"learning_rate\":0.001}");
    Files.createDirectories(trialDir.resolve("model/variables"));
    Files.write(trialDir.resolve("model/saved_model.pb"), ObjectStoreContractTest.randomBytes(30_000, 5));
    Files.write(trialDir.resolve("model/variables/variables.data-00000-of-00001"),
        ObjectStoreContractTest.randomBytes(9 * 1024 * 1024, 6));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  Manifest publish() {
    return new TrialPublisher(store, layout, CLOCK).publish(SWEEP, TRIAL, trialDir,
        Map.of("learning_rate", 0.001, "hidden_units", List.of(64, 64)), Map.of("val_accuracy", 0.91));
  }

  List<BlobEvent> writes() {
    return S3.events(bucket).stream()
        .filter(e -> e.kind() == BlobEvent.Kind.WRITE || e.kind() == BlobEvent.Kind.DELETE)
        .toList();
  }

  @Test
  void uploadsEveryFileThenTheManifestLast() throws IOException {
    S3.clearEvents();

    Manifest manifest = publish();

    String manifestKey = layout.manifest(SWEEP, TRIAL).key();
    List<BlobEvent> writes = writes();
    assertEquals(5, writes.size(), writes.toString());
    assertEquals(new BlobEvent(BlobEvent.Kind.WRITE, bucket, manifestKey), writes.get(writes.size() - 1));
    assertEquals(List.of("config.json", "history.json", "model/saved_model.pb",
            "model/variables/variables.data-00000-of-00001"),
        manifest.files().stream().map(Manifest.Entry::path).toList());
    for (Manifest.Entry entry : manifest.files()) {
      Path local = trialDir.resolve(entry.path());
      assertEquals(Files.size(local), entry.size(), entry.path());
      assertEquals(Sha256.of(local), entry.sha256(), entry.path());
    }
    assertEquals(Optional.of(manifest), new ManifestReader(store, layout).read(SWEEP, TRIAL));
    assertEquals("2026-11-23T15:00:00Z", manifest.createdAt());
  }

  @Test
  void republishingTheSameTrialUploadsNothing() {
    Manifest first = publish();
    S3.clearEvents();

    Manifest second = publish();

    assertEquals(first, second);
    assertEquals(List.of(), writes());
  }

  @Test
  void aClassifiersClassNamesAreInItsManifestAndPartOfItsContent() {
    TrialPublisher publisher = new TrialPublisher(store, layout, CLOCK);
    Map<String, Object> hp = Map.of("learning_rate", 0.001);
    Manifest named = publisher.publish(SWEEP, TRIAL, trialDir, hp, Map.of(), List.of("setosa", "versicolor"));
    assertEquals(List.of("setosa", "versicolor"), named.classNames());
    assertEquals(Optional.of(named), new ManifestReader(store, layout).read(SWEEP, TRIAL));
    S3.clearEvents();
    assertEquals(named, publisher.publish(SWEEP, TRIAL, trialDir, hp, Map.of(), List.of("setosa", "versicolor")));
    assertEquals(List.of(), writes(), "same classes: nothing to do");
    Manifest renamed = publisher.publish(SWEEP, TRIAL, trialDir, hp, Map.of(), List.of("a", "b"));
    assertEquals(List.of("a", "b"), new ManifestReader(store, layout).read(SWEEP, TRIAL).orElseThrow().classNames());
    assertEquals(null, publisher.publish(SWEEP, TRIAL, trialDir, hp, Map.of()).classNames(), "a regressor's has none");
    assertEquals(List.of("a", "b"), renamed.classNames());
  }

  @Test
  void republishingChangedContentDropsTheOldManifestFirst() throws IOException {
    publish();
    Files.writeString(trialDir.resolve("history.json"), "[{\"epoch\":0,\"loss\":0.4}]");
    Files.delete(trialDir.resolve("config.json"));
    S3.clearEvents();

    Manifest second = publish();

    String manifestKey = layout.manifest(SWEEP, TRIAL).key();
    List<BlobEvent> writes = writes();
    assertEquals(new BlobEvent(BlobEvent.Kind.DELETE, bucket, manifestKey), writes.get(0), writes.toString());
    int manifestWrite = writes.indexOf(new BlobEvent(BlobEvent.Kind.WRITE, bucket, manifestKey));
    assertTrue(manifestWrite > 0, writes.toString());
    List<BlobEvent> objectWrites = new ArrayList<>(writes.subList(1, manifestWrite));
    assertTrue(objectWrites.stream().allMatch(e -> e.kind() == BlobEvent.Kind.WRITE), writes.toString());
    assertEquals(new BlobEvent(BlobEvent.Kind.DELETE, bucket, layout.trial(SWEEP, TRIAL).resolve("config.json").key()),
        writes.get(writes.size() - 1), "a file only the old manifest listed is deleted after the new manifest");
    assertFalse(second.files().stream().anyMatch(e -> e.path().equals("config.json")));
    assertTrue(new ManifestReader(store, layout).verify(SWEEP, TRIAL).ok());
  }

  @Test
  void verifyDetectsATamperedObject() {
    publish();
    ManifestReader reader = new ManifestReader(store, layout);
    assertTrue(reader.verify(SWEEP, TRIAL).ok());
    String key = layout.trial(SWEEP, TRIAL).resolve("history.json").key();
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("[{\"epoch\":0,\"loss\":0.1}]"));
    String modelKey = layout.trial(SWEEP, TRIAL).resolve("model/saved_model.pb").key();
    S3.client().deleteObject(b -> b.bucket(bucket).key(modelKey));

    ManifestVerification result = reader.verify(SWEEP, TRIAL);

    assertFalse(result.ok());
    assertEquals(4, result.checked());
    assertEquals(List.of("history.json", "model/saved_model.pb"),
        result.problems().stream().map(ManifestVerification.Problem::path).toList());
    assertEquals("missing", result.problems().get(1).actual());
  }

  @Test
  void readsOnlyFinishedTrialsOfASweep() throws IOException {
    publish();
    Path other = Files.createDirectories(work.resolve("t0001"));
    Files.writeString(other.resolve("history.json"), "[]");
    // A trial may publish a file named manifest.json deeper down: it is not a trial manifest.
    Files.createDirectories(other.resolve("model"));
    Files.writeString(other.resolve("model/manifest.json"), "{}");
    new TrialPublisher(store, layout, CLOCK).publish(SWEEP, TrialId.ofIndex(1), other, Map.of(), Map.of());
    // An unfinished trial: objects but no manifest.
    store.write(layout.trial(SWEEP, TrialId.ofIndex(2)).resolve("history.json"), "[]".getBytes(StandardCharsets.UTF_8));
    new TrialPublisher(store, layout).writeEpochMetrics(SWEEP, TrialId.ofIndex(2), 7, Map.of("loss", 0.3));

    List<Manifest> manifests = new ManifestReader(store, layout).readSweep(SWEEP);

    assertEquals(List.of("t0001", "t0003"), manifests.stream().map(Manifest::trialId).toList());
    assertEquals(Optional.empty(), new ManifestReader(store, layout).read(SWEEP, TrialId.ofIndex(2)));
    assertTrue(store.exists(layout.epochMetrics(SWEEP, TrialId.ofIndex(2), 7)));
    assertTrue(new String(store.read(layout.epochMetrics(SWEEP, TrialId.ofIndex(2), 7)), StandardCharsets.UTF_8)
        .contains("\"loss\" : 0.3"));
  }

  @Test
  void verifyingATrialWithoutManifestIsNotFound() {
    assertThrows(ObjectNotFoundException.class,
        () -> new ManifestReader(store, layout).verify(SWEEP, TrialId.ofIndex(9)));
  }

  @Test
  void publishesToAFileStoreWithTheManifestLast() throws IOException {
    Path results = Files.createDirectories(work.resolve("results"));
    ResultsLayout local = new ResultsLayout(StorageUri.ofPath(results));
    List<StorageUri> written = new ArrayList<>();
    ObjectStore recording = new ForwardingObjectStore(new FileObjectStore()) {
      @Override
      public void write(StorageUri uri, byte[] bytes) {
        super.write(uri, bytes);
        written.add(uri);
      }

      @Override
      public void upload(Path file, StorageUri uri) {
        super.upload(file, uri);
        written.add(uri);
      }
    };

    Manifest manifest = new TrialPublisher(recording, local, CLOCK).publish(SWEEP, TRIAL, trialDir, Map.of(), Map.of());

    assertEquals(local.manifest(SWEEP, TRIAL), written.get(written.size() - 1));
    assertEquals(manifest.files().size() + 1, written.size());
    assertTrue(new ManifestReader(recording, local).verify(SWEEP, TRIAL).ok());
  }
}
