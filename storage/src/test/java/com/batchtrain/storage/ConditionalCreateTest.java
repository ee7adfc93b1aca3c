package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.testsupport.MotoS3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ObjectStore#createIfAbsent} when writers race, which the existence check alone cannot
 * decide: on S3 the conditional PutObject itself must refuse an existing key (against moto_server,
 * which implements {@code If-None-Match: *}; S3Proxy 2.6.0 ignores it), and on files the hard link.
 */
class ConditionalCreateTest {
  @TempDir Path dir;

  @Test
  void s3ConditionalPutRefusesAnExistingKeyByItself() throws Exception {
    try (MotoS3Server moto = MotoS3Server.start();
        ObjectStore opened = ObjectStores.open(StorageUri.parse("s3://any/"), moto.environment())) {
      S3ObjectStore store = (S3ObjectStore) opened;
      StorageUri uri = StorageUri.parse("s3://" + moto.newBucket() + "/sweeps/s/journal/00000001.json");

      assertTrue(store.putIfNoneMatch(uri, bytes("first")));
      // No existence check in front: only the server's precondition can refuse this one.
      assertFalse(store.putIfNoneMatch(uri, bytes("second")));
      assertFalse(store.createIfAbsent(uri, bytes("third")));

      assertEquals("first", new String(store.read(uri), StandardCharsets.UTF_8));
    }
  }

  @Test
  void racingFileWritersCreateEachKeyExactlyOnce() throws Exception {
    ObjectStore store = new FileObjectStore();
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int key = 0; key < 50; key++) {
        StorageUri uri = StorageUri.ofPath(dir.resolve("journal").resolve(key + ".json"));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          String body = "writer " + w;
          results.add(pool.submit(() -> {
            go.await();
            return store.createIfAbsent(uri, bytes(body));
          }));
        }
        go.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          if (results.get(w).get()) {
            winners.add(w);
          }
        }
        assertEquals(1, winners.size(), "winners for key " + key + ": " + winners);
        assertEquals("writer " + winners.get(0), new String(store.read(uri), StandardCharsets.UTF_8));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
