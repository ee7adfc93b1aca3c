package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ObjectStore} contract, run against every implementation. */
abstract class ObjectStoreContractTest {
  static final int MULTIPART_BYTES = 20 * 1024 * 1024 + 123;

  @TempDir Path local;
  ObjectStore store;
  StorageUri root;

  /** A fresh, empty root (bucket prefix or directory) for one test. */
  abstract StorageUri newRoot() throws IOException;

  abstract ObjectStore newStore();

  @BeforeEach
  void open() throws IOException {
    store = newStore();
    root = newRoot();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void writesThenReadsBytes() {
    StorageUri uri = root.resolve("a/b/c.json");
    store.write(uri, "{\"x\":1}".getBytes(StandardCharsets.UTF_8));

    assertEquals("{\"x\":1}", new String(store.read(uri), StandardCharsets.UTF_8));
    assertTrue(store.exists(uri));
    assertArrayEquals(store.read(uri), store.readIfExists(uri).orElseThrow());
  }

  @Test
  void createIfAbsentCreatesOnceAndNeverOverwrites() {
    StorageUri uri = root.resolve("journal/00000001.json");
    assertTrue(store.createIfAbsent(uri, "first".getBytes(StandardCharsets.UTF_8)));
    assertFalse(store.createIfAbsent(uri, "second".getBytes(StandardCharsets.UTF_8)));

    assertEquals("first", new String(store.read(uri), StandardCharsets.UTF_8));
    // Only the object itself is listed: no temporary file of the refused write is left behind.
    assertEquals(java.util.List.of(uri), store.list(root.resolve("journal/")).stream().map(StoredObject::uri).toList());
  }

  @Test
  void overwriteReplacesTheWholeObject() {
    StorageUri uri = root.resolve("x.txt");
    store.write(uri, "a much longer first version".getBytes(StandardCharsets.UTF_8));
    store.write(uri, "v2".getBytes(StandardCharsets.UTF_8));

    assertEquals("v2", new String(store.read(uri), StandardCharsets.UTF_8));
  }

  @Test
  void missingObjectIsNotFound() {
    StorageUri uri = root.resolve("nope/missing.bin");

    ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> store.read(uri));
    assertEquals(uri, e.uri());
    assertEquals(Optional.empty(), store.readIfExists(uri));
    assertFalse(store.exists(uri));
    assertThrows(ObjectNotFoundException.class, () -> store.download(uri, local.resolve("out")));
    assertFalse(Files.exists(local.resolve("out")));
  }

  @Test
  void listsEveryObjectBelowAPrefixSortedByKey() {
    store.write(root.resolve("d/z.txt"), new byte[3]);
    store.write(root.resolve("d/a.txt"), new byte[1]);
    store.write(root.resolve("d/sub/m.txt"), new byte[2]);
    store.write(root.resolve("dx/other.txt"), new byte[4]);

    List<StoredObject> listed = store.list(root.resolve("d"));

    assertEquals(List.of(
        new StoredObject(root.resolve("d/a.txt"), 1),
        new StoredObject(root.resolve("d/sub/m.txt"), 2),
        new StoredObject(root.resolve("d/z.txt"), 3)), listed);
    assertEquals(List.of(), store.list(root.resolve("empty/")));
  }

  @Test
  void foldersAreTheNamesDirectlyBelowAPrefixThatHoldObjects() {
    store.write(root.resolve("sweeps/b-2/sweep.json"), new byte[1]);
    store.write(root.resolve("sweeps/b-2/trials/t0000/manifest.json"), new byte[1]);
    store.write(root.resolve("sweeps/a-1/sweep.json"), new byte[1]);
    store.write(root.resolve("sweeps/loose.json"), new byte[1]);
    store.write(root.resolve("sweepsx/c-3/sweep.json"), new byte[1]);

    assertEquals(List.of("a-1", "b-2"), store.folders(root.resolve("sweeps")));
    assertEquals(List.of("trials"), store.folders(root.resolve("sweeps/b-2/")));
    assertEquals(List.of(), store.folders(root.resolve("none/")));
  }

  @Test
  void deleteRemovesAndIsIdempotent() {
    StorageUri uri = root.resolve("gone.txt");
    store.write(uri, new byte[] {1});

    store.delete(uri);
    store.delete(uri);

    assertFalse(store.exists(uri));
    assertEquals(List.of(), store.list(root));
  }

  @Test
  void uploadsAndDownloadsAMultipartSizedFile() throws IOException {
    byte[] bytes = randomBytes(MULTIPART_BYTES, 7);
    Path source = Files.write(local.resolve("big.bin"), bytes);
    StorageUri uri = root.resolve("big/big.bin");

    store.upload(source, uri);
    Path target = local.resolve("down/nested/big.bin");
    store.download(uri, target);

    assertEquals(List.of(new StoredObject(uri, MULTIPART_BYTES)), store.list(root.resolve("big/")));
    assertArrayEquals(bytes, Files.readAllBytes(target));
    assertEquals(List.of(target), leftoverFiles(target.getParent()));
  }

  @Test
  void downloadReplacesAnExistingLocalFile() throws IOException {
    StorageUri uri = root.resolve("f.txt");
    store.write(uri, "new".getBytes(StandardCharsets.UTF_8));
    Path target = Files.writeString(local.resolve("f.txt"), "old and longer");

    store.download(uri, target);

    assertEquals("new", Files.readString(target));
  }

  @Test
  void uploadsAndDownloadsDirectories() throws IOException {
    Path dir = Files.createDirectories(local.resolve("trial"));
    Files.writeString(dir.resolve("history.json"), "[]");
    Files.createDirectories(dir.resolve("model/variables"));
    Files.write(dir.resolve("model/saved_model.pb"), randomBytes(10_000, 1));
    Files.write(dir.resolve("model/variables/variables.data"), randomBytes(50_000, 2));
    StorageUri prefix = root.resolve("sweeps/s/trials/t0000/");

    store.uploadDirectory(dir, prefix);
    Path copy = local.resolve("copy");
    store.downloadDirectory(prefix, copy);

    assertEquals(List.of("history.json", "model/saved_model.pb", "model/variables/variables.data"),
        store.list(prefix).stream().map(o -> o.uri().key().substring(prefix.key().length())).toList());
    for (String rel : List.of("history.json", "model/saved_model.pb", "model/variables/variables.data")) {
      assertArrayEquals(Files.readAllBytes(dir.resolve(rel)), Files.readAllBytes(copy.resolve(rel)), rel);
    }
  }

  @Test
  void uploadOfAMissingLocalFileIsNotANotFoundObject() {
    StorageException e = assertThrows(StorageException.class,
        () -> store.upload(local.resolve("absent"), root.resolve("x")));
    assertFalse(e instanceof ObjectNotFoundException, e.toString());
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static List<Path> leftoverFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
