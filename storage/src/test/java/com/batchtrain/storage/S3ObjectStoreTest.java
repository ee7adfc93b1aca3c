package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.testsupport.BlobEvent;
import com.batchtrain.testsupport.S3ProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;

class S3ObjectStoreTest extends ObjectStoreContractTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @Override
  StorageUri newRoot() {
    return StorageUri.parse("s3://" + S3.newBucket() + "/root/");
  }

  @Override
  ObjectStore newStore() {
    return ObjectStores.open(StorageUri.parse("s3://any/"), S3.environment());
  }

  @Test
  void largeUploadsReallyGoMultipart() throws IOException {
    java.nio.file.Path source = java.nio.file.Files.write(local.resolve("big.bin"),
        randomBytes(MULTIPART_BYTES, 3));
    StorageUri uri = root.resolve("mp.bin");
    S3.clearEvents();

    store.upload(source, uri);

    // With 8 MiB parts a 20 MB file is 3 parts, then one completion makes the object visible.
    var events = S3.events(uri.bucket()).stream().filter(e -> e.key().equals(uri.key())).toList();
    assertEquals(java.util.List.of(BlobEvent.Kind.PART, BlobEvent.Kind.PART, BlobEvent.Kind.PART,
        BlobEvent.Kind.WRITE), events.stream().map(BlobEvent::kind).toList(), events.toString());
    ListMultipartUploadsResponse open = S3.client().listMultipartUploads(b -> b.bucket(uri.bucket()));
    assertTrue(open.uploads().isEmpty());
  }

  @Test
  void missingBucketIsNotFound() {
    StorageUri uri = StorageUri.parse("s3://no-such-bucket-here/key");
    assertThrows(ObjectNotFoundException.class, () -> store.read(uri));
    assertThrows(ObjectNotFoundException.class, () -> store.list(uri));
  }

  @Test
  void unreachableEndpointIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Settings settings = S3Settings.fromEnvironment(Map.of(
            "BT_S3_ENDPOINT", "http://127.0.0.1:" + closedPort,
            "BT_S3_CHECKSUMS", "when_required",
            "AWS_REGION", "us-east-1"))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
    StorageUri uri = StorageUri.parse("s3://bucket/key");
    java.nio.file.Path file = local.resolve("f");
    try (ObjectStore unreachable = new S3ObjectStore(settings)) {
      assertThrows(StorageUnavailableException.class, () -> unreachable.read(uri));
      assertThrows(StorageUnavailableException.class, () -> unreachable.list(uri));
      assertThrows(StorageUnavailableException.class, () -> unreachable.download(uri, file));
      java.nio.file.Files.write(file, new byte[10]);
      assertThrows(StorageUnavailableException.class, () -> unreachable.upload(file, uri));
    }
  }
}
