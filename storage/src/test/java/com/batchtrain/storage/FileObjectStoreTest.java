package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreTest extends ObjectStoreContractTest {
  @TempDir Path storeDir;

  @Override
  StorageUri newRoot() throws IOException {
    return StorageUri.ofPath(Files.createDirectories(storeDir.resolve("root")));
  }

  @Override
  ObjectStore newStore() {
    return new FileObjectStore();
  }

  @Test
  void writesLeaveNoTemporaryFilesBehind() throws IOException {
    StorageUri uri = root.resolve("dir/obj.bin");
    store.write(uri, new byte[100]);
    store.write(uri, new byte[10]);

    assertEquals(List.of(uri.toPath()), leftoverFiles(uri.toPath().getParent()));
  }

  @Test
  void listingSkipsInFlightTemporaryFiles() throws IOException {
    store.write(root.resolve("a.txt"), new byte[1]);
    Files.write(root.resolve(".a.txt.123" + FileObjectStore.PARTIAL_SUFFIX).toPath(), new byte[5]);

    assertEquals(List.of(new StoredObject(root.resolve("a.txt"), 1)), store.list(root));
  }

  /**
   * A listing while a trial writes (each write is a temporary file renamed into place, and whole
   * directories come and go) lists what is there and never fails: a status read during a trial's
   * epoch write once exited 70 because the tree walk met a renamed-away temporary file.
   */
  @Test
  void listingWhileFilesAreWrittenAndDirectoriesReplacedNeverFails() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; !done.get(); i++) {
          store.write(root.resolve("trials/t0/metrics/epoch-" + (i % 50) + ".json"), new byte[256]);
          if (i % 20 == 0) {
            store.write(root.resolve("trials/t" + (i % 7) + "/x.json"), new byte[8]);
            deleteTree(root.resolve("trials/t" + ((i + 3) % 7) + "/").toPath());
          }
        }
      } catch (Throwable t) {
        writerFailure.set(t);
      }
    });
    writer.start();
    try {
      long end = System.nanoTime() + 2_000_000_000L;
      int listings = 0;
      while (System.nanoTime() < end) {
        store.list(root.resolve("trials/"));
        listings++;
      }
      assertTrue(listings > 10, "listed " + listings + " times");
    } finally {
      done.set(true);
      writer.join();
    }
    assertEquals(null, writerFailure.get());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
      // The listing side is under test; the writer's own cleanup racing itself does not matter.
    }
  }

  // The tests run as root, whom no permission bit stops (CAP_DAC_OVERRIDE), so no honest file
  // system setup makes this process see EACCES; the translation is tested with the exceptions the
  // JDK raises for EACCES (AccessDeniedException) and EPERM (FileSystemException with strerror).
  @Test
  void permissionErrorsTranslateToAccessDenied() {
    StorageUri uri = root.resolve("dir/obj.bin");
    String path = uri.toPath().toString();

    StorageException eacces = FileObjectStore.failure("write", uri, new AccessDeniedException(path));
    StorageAccessDeniedException denied = assertInstanceOf(StorageAccessDeniedException.class, eacces);
    assertEquals(uri, denied.uri());
    assertTrue(denied.getMessage().contains("write " + uri), denied.getMessage());
    assertTrue(denied.getMessage().contains("permission"), denied.getMessage());

    StorageException eperm = FileObjectStore.failure("write", uri,
        new FileSystemException(path, null, "Operation not permitted"));
    assertInstanceOf(StorageAccessDeniedException.class, eperm);

    // Neighbouring errors keep their kinds.
    assertInstanceOf(StorageUnavailableException.class,
        FileObjectStore.failure("write", uri, new FileSystemException(path, null, "Input/output error")));
    assertInstanceOf(ObjectNotFoundException.class, FileObjectStore.failure("read", uri, new NoSuchFileException(path)));
  }

  @Test
  void refusesS3Uris() {
    assertThrows(IllegalArgumentException.class, () -> store.read(StorageUri.parse("s3://bucket/key")));
  }

  // Only the file store runs this: on S3 an overwrite is atomic by the service's guarantee, and the
  // loopback S3Proxy's filesystem backend reads an object's length and body at different moments,
  // so a concurrent overwrite there can look torn although our PUT is a single request.
  @Test
  void readersNeverSeeAPartialObjectWhileItIsOverwritten() throws Exception {
    StorageUri uri = root.resolve("hot/object.bin");
    byte[] a = ObjectStoreContractTest.randomBytes(2 * 1024 * 1024, 21);
    byte[] b = ObjectStoreContractTest.randomBytes(2 * 1024 * 1024 + 5, 22);
    store.write(uri, a);
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.List<String> torn = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        byte[] seen = store.read(uri);
        reads.incrementAndGet();
        if (!java.util.Arrays.equals(seen, a) && !java.util.Arrays.equals(seen, b)) {
          torn.add(seen.length + " bytes");
        }
      }
    });
    reader.start();
    try {
      for (int i = 0; i < 20; i++) {
        store.write(uri, i % 2 == 0 ? b : a);
      }
    } finally {
      done.set(true);
      reader.join();
    }

    assertEquals(List.of(), torn);
    assertTrue(reads.get() > 0);
  }

}
