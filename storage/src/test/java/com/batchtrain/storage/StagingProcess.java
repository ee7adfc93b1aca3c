package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A separate JVM that stages one dataset, as a job on another host sharing the cache would.
 * Arguments: {@code stage|crash <cacheDir> <sourceUri> <goFile>}. It waits for {@code goFile} to
 * exist so that several processes start staging together. In {@code crash} mode it dies (halt, no
 * cleanup, lock still held until the OS drops it) in the middle of its second download, after
 * writing half of that file.
 */
public final class StagingProcess {
  public static final int CRASH_EXIT = 99;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path cache = Path.of(args[1]);
    StorageUri source = StorageUri.parse(args[2]);
    Path go = Path.of(args[3]);
    System.out.println("READY");
    System.out.flush();
    while (!Files.exists(go)) {
      Thread.sleep(10);
    }
    ObjectStore store = ObjectStores.open(source, System.getenv());
    if (mode.equals("crash")) {
      store = crashingOnSecondDownload(store);
    }
    try (ObjectStore s = store) {
      Path dir = new DatasetStager(s, cache).stage(source);
      System.out.println("STAGED " + dir);
    }
  }

  private static ObjectStore crashingOnSecondDownload(ObjectStore store) {
    AtomicInteger downloads = new AtomicInteger();
    return new ForwardingObjectStore(store) {
      @Override
      public void download(StorageUri uri, Path file) {
        if (downloads.incrementAndGet() < 2) {
          super.download(uri, file);
          return;
        }
        byte[] bytes = delegate.read(uri);
        try {
          Files.createDirectories(file.getParent());
          Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        Runtime.getRuntime().halt(CRASH_EXIT);
      }
    };
  }
}
