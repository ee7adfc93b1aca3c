package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ExitCode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results bucket the job role may not use: every S3 request answers 403 AccessDenied, as S3 does
 * for a role without the bucket in its policy. The trial must fail fast as bad input (64, never
 * retried by Batch) with a message that points at the role, not as transient (75).
 */
class AccessDeniedTest {
  @TempDir Path dir;
  HttpServer server;
  /** "METHOD path?query" of every request the denying server saw. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startDenyingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      exchange.getRequestBody().readAllBytes();
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
          + "<Message>Access Denied</Message><RequestId>r1</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(403, -1);
      } else {
        exchange.sendResponseHeaders(403, body.length);
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

  @Test
  void trainWithADeniedResultsBucketIsBadInputAndWritesNothing() throws Exception {
    Path csv = TrainingFixtures.calcloudCsv(dir, 300, 5);
    Path runs = dir.resolve("runs");
    Map<String, String> env = Map.of(
        "BT_S3_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort(),
        "BT_S3_CHECKSUMS", "when_required",
        "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "denied-test",
        "AWS_SECRET_ACCESS_KEY", "denied-test-secret");
    RuntimeProcess.Result r = RuntimeProcess.run(dir.resolve("train.log"), env, "train",
        "--preset", "calcloud-memory-bin", "--data", TrainingFixtures.fileUri(csv),
        "--results", "s3://denied-bucket/", "--checkpoint-root", runs.toString(), "--hp", "epochs=2");

    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.output());
    assertTrue(r.output().contains("access denied"), r.output());
    assertTrue(r.output().contains("s3://denied-bucket/"), r.output());
    assertTrue(r.output().contains("job role"), r.output());
    assertTrue(!requests.isEmpty(), "the runtime reached the bucket");
    // The first refusal ends the trial: the runtime sent no write after it (S3 kept nothing anyway,
    // but a write attempt would mean the run carried on past a denial).
    List<String> writes = requests.stream().filter(q -> q.startsWith("PUT") || q.startsWith("POST")
        || q.startsWith("DELETE")).toList();
    assertEquals(List.of(), writes, "requests: " + requests);
    assertEquals(0, TrainingFixtures.fileCount(runs), "no checkpoint written before the refusal");
  }
}
