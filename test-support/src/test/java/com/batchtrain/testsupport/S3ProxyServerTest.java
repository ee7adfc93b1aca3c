package com.batchtrain.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

class S3ProxyServerTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @Test
  void storesAndReadsObjectsThroughTheSdk() {
    String bucket = S3.newBucket();
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("a/b.txt"), RequestBody.fromString("hello"));

    byte[] read = s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.txt")).asByteArray();

    assertEquals("hello", new String(read));
    assertEquals(List.of(
            new BlobEvent(BlobEvent.Kind.WRITE, bucket, "a/b.txt"),
            new BlobEvent(BlobEvent.Kind.READ, bucket, "a/b.txt")),
        S3.events(bucket));
    assertEquals(1, S3.reads(bucket, "a/b.txt"));
    assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket(bucket).key("missing")));
  }

  @Test
  void acceptsSdkMultipartUploads() {
    String bucket = S3.newBucket();
    S3Client s3 = S3.client();
    byte[] part1 = new byte[5 * 1024 * 1024];
    new Random(1).nextBytes(part1);
    byte[] part2 = "tail".getBytes();
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    int number = 1;
    for (byte[] part : List.of(part1, part2)) {
      int n = number++;
      String etag = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(n),
          RequestBody.fromBytes(part)).eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts)));

    byte[] read = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asByteArray();

    byte[] expected = new byte[part1.length + part2.length];
    System.arraycopy(part1, 0, expected, 0, part1.length);
    System.arraycopy(part2, 0, expected, part1.length, part2.length);
    assertArrayEquals(expected, read);
    assertTrue(S3.events(bucket).contains(new BlobEvent(BlobEvent.Kind.WRITE, bucket, "big")));
  }

  @Test
  void exposesCredentialsToTheDefaultChainAndChildProcesses() {
    assertEquals(S3ProxyServer.ACCESS_KEY_ID, System.getProperty("aws.accessKeyId"));
    assertEquals(S3.endpoint().toString(), S3.environment().get("BT_S3_ENDPOINT"));
    assertEquals("when_required", S3.environment().get("BT_S3_CHECKSUMS"));
    assertTrue(S3.endpoint().toString().startsWith("http://127.0.0.1:"));
  }
}
