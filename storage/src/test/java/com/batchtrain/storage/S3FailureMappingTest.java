package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.testsupport.S3ProxyServer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How S3 error answers map to storage exceptions, against an HTTP server that answers every
 * request with one S3 error document (S3Proxy cannot be made to throttle).
 */
class S3FailureMappingTest {
  // Only for its credentials in the aws.* system properties, which the default chain reads.
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path local;
  HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  volatile int status;
  volatile String code;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
          + "</Code><Message>test answer</Message><RequestId>r1</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  ObjectStore store() {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new S3ObjectStore(S3Settings.fromEnvironment(Map.of(
        "BT_S3_ENDPOINT", endpoint.toString(), "BT_S3_CHECKSUMS", "when_required", "AWS_REGION", "us-east-1")));
  }

  void answer(int status, String code) {
    this.status = status;
    this.code = code;
    requests.set(0);
  }

  @Test
  void slowDownIsUnavailableAfterTheBoundedRetries() {
    answer(503, "SlowDown");
    StorageUri uri = StorageUri.parse("s3://bucket/key");
    try (ObjectStore store = store()) {
      StorageUnavailableException e = assertThrows(StorageUnavailableException.class, () -> store.read(uri));
      assertTrue(e.getMessage().contains("503"), e.getMessage());
      assertEquals(S3Settings.defaults().maxAttempts(), requests.get(), "attempts of one read");

      assertThrows(StorageUnavailableException.class, () -> store.download(uri, local.resolve("f")));
      assertFalse(local.resolve("f").toFile().exists());
    }
  }

  @Test
  void serverErrorsAreUnavailable() {
    answer(500, "InternalError");
    try (ObjectStore store = store()) {
      assertThrows(StorageUnavailableException.class, () -> store.write(StorageUri.parse("s3://bucket/k"), new byte[1]));
      assertThrows(StorageUnavailableException.class, () -> store.list(StorageUri.parse("s3://bucket/p/")));
      assertThrows(StorageUnavailableException.class, () -> store.download(StorageUri.parse("s3://bucket/k"), local.resolve("h")));
    }
  }

  @Test
  void accessDeniedIsItsOwnKindAndNotRetried() throws IOException {
    answer(403, "AccessDenied");
    StorageUri uri = StorageUri.parse("s3://bucket/k");
    try (ObjectStore store = store()) {
      StorageAccessDeniedException e = assertThrows(StorageAccessDeniedException.class, () -> store.read(uri));
      assertEquals(uri, e.uri());
      assertTrue(e.getMessage().contains("s3://bucket/k"), e.getMessage());
      assertTrue(e.getMessage().contains("403 AccessDenied"), e.getMessage());
      assertTrue(e.getMessage().contains("job role"), e.getMessage());
      assertEquals(1, requests.get(), "403 is not retried");

      // Every operation, on both clients (the sync one for small requests, the CRT Transfer
      // Manager for files), HEAD (no error document) included.
      Path file = Files.writeString(local.resolve("up.txt"), "x");
      assertThrows(StorageAccessDeniedException.class, () -> store.download(uri, local.resolve("d")));
      assertFalse(Files.exists(local.resolve("d")));
      assertThrows(StorageAccessDeniedException.class, () -> store.write(uri, new byte[1]));
      assertThrows(StorageAccessDeniedException.class, () -> store.upload(file, uri));
      assertThrows(StorageAccessDeniedException.class, () -> store.list(StorageUri.parse("s3://bucket/p/")));
      assertThrows(StorageAccessDeniedException.class, () -> store.exists(uri));
      assertThrows(StorageAccessDeniedException.class, () -> store.stat(uri));
    }
  }

  @Test
  void stagingFromADeniedBucketIsAccessDeniedAndStagesNothing() throws IOException {
    answer(403, "AccessDenied");
    Path cache = local.resolve("cache");
    try (ObjectStore store = store()) {
      DatasetStager stager = new DatasetStager(store, cache);
      StorageUri source = StorageUri.parse("s3://bucket/data/calcloud/");
      assertThrows(StorageAccessDeniedException.class, () -> stager.stage(source));
      assertFalse(stager.isStaged(source));
      assertFalse(Files.exists(stager.localDirectory(source)));
    }
  }

  @Test
  void allAccessDisabledIsAccessDenied() {
    answer(403, "AllAccessDisabled");
    try (ObjectStore store = store()) {
      StorageAccessDeniedException e = assertThrows(StorageAccessDeniedException.class,
          () -> store.read(StorageUri.parse("s3://bucket/k")));
      assertTrue(e.getMessage().contains("AllAccessDisabled"), e.getMessage());
    }
  }

  @Test
  void otherClientErrorsStayPlainStorageExceptions() {
    try (ObjectStore store = store()) {
      answer(400, "InvalidRequest");
      StorageException e = assertThrows(StorageException.class, () -> store.read(StorageUri.parse("s3://bucket/k")));
      assertEquals(StorageException.class, e.getClass(), e.toString());
      // A 403 that is not about permissions: an archived (Glacier) object.
      answer(403, "InvalidObjectState");
      e = assertThrows(StorageException.class, () -> store.read(StorageUri.parse("s3://bucket/k")));
      assertEquals(StorageException.class, e.getClass(), e.toString());
    }
  }

  @Test
  void clockSkewIsTheHostsProblemNotTheRoles() {
    answer(403, "RequestTimeTooSkewed");
    try (ObjectStore store = store()) {
      StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
          () -> store.read(StorageUri.parse("s3://bucket/k")));
      assertTrue(e.getMessage().contains("clock"), e.getMessage());
    }
  }

  @Test
  void notFoundAnswersAreNotFound() {
    answer(404, "NoSuchKey");
    StorageUri uri = StorageUri.parse("s3://bucket/k");
    try (ObjectStore store = store()) {
      assertThrows(ObjectNotFoundException.class, () -> store.read(uri));
      assertThrows(ObjectNotFoundException.class, () -> store.download(uri, local.resolve("g")));
      assertFalse(store.exists(uri));
    }
  }
}
