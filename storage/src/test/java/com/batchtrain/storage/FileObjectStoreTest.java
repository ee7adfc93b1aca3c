package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.nio.file.Files;
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

  @Test
  void refusesS3Uris() {
    assertThrows(IllegalArgumentException.class, () -> store.read(StorageUri.parse("s3://bucket/key")));
  }
}
