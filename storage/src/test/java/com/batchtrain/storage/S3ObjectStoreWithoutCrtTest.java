package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.testsupport.BlobEvent;
import com.batchtrain.testsupport.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store as the invoke-jobs CLI's distribution runs it, without aws-crt: the same contract, with
 * every transfer one request of the synchronous client.
 */
class S3ObjectStoreWithoutCrtTest extends ObjectStoreContractTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @Override
  StorageUri newRoot() {
    return StorageUri.parse("s3://" + S3.newBucket() + "/root/");
  }

  @Override
  ObjectStore newStore() {
    return new S3ObjectStore(S3Settings.fromEnvironment(S3.environment()), false);
  }

  @Test
  void aLargeFileIsOneRequestEachWay() throws IOException {
    byte[] bytes = randomBytes(MULTIPART_BYTES, 5);
    Path source = Files.write(local.resolve("big.bin"), bytes);
    StorageUri uri = root.resolve("big.bin");

    store.upload(source, uri);
    Path back = local.resolve("back/big.bin");
    store.download(uri, back);

    assertArrayEquals(bytes, Files.readAllBytes(back));
    assertTrue(S3.client().listMultipartUploads(b -> b.bucket(uri.bucket())).uploads().isEmpty());
    var writes = S3.events(uri.bucket()).stream()
        .filter(e -> e.key().equals(uri.key()) && e.kind() != BlobEvent.Kind.READ).map(BlobEvent::kind).toList();
    assertEquals(List.of(BlobEvent.Kind.WRITE), writes, "one PUT, no parts");
  }

  @Test
  void aMissingObjectIsNotFoundAndLeavesNoPartialFile() throws IOException {
    Path target = local.resolve("absent/file.bin");
    assertThrows(ObjectNotFoundException.class, () -> store.download(root.resolve("absent.bin"), target));
    try (var files = Files.list(target.getParent())) {
      assertEquals(0, files.count());
    }
  }
}
