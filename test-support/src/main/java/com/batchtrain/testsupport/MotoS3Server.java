package com.batchtrain.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code moto_server} on loopback: a second S3 implementation, independent of S3Proxy, for what
 * S3Proxy 2.6.0 does not implement (conditional writes: {@code If-None-Match: *} on PutObject).
 * Started by hand and closed with try-with-resources; while open it sets the {@code aws.*} credential
 * system properties as {@link S3ProxyServer} does (restored on close). A missing {@code moto_server} skips the test,
 * or fails it under CI ({@link RequiredTool}).
 */
public final class MotoS3Server implements AutoCloseable {
  public static final RequiredTool MOTO_SERVER = RequiredTool.onPath("moto_server", "Python package moto (pip install 'moto[server]')");
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private static final Map<String, String> CREDENTIALS = Map.of("aws.accessKeyId", S3ProxyServer.ACCESS_KEY_ID,
      "aws.secretAccessKey", S3ProxyServer.SECRET_ACCESS_KEY, "aws.region", S3ProxyServer.REGION);
  private final Map<String, String> saved = new java.util.HashMap<>();
  private final Process process;
  private final URI endpoint;
  private final S3Client client;

  private MotoS3Server(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    // The default credential chain of the code under test finds these (moto accepts any).
    for (String name : CREDENTIALS.keySet()) {
      saved.put(name, System.getProperty(name));
      System.setProperty(name, CREDENTIALS.get(name));
    }
    this.client = S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(S3ProxyServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Starts {@code moto_server} on a free loopback port; returns once it accepts connections. */
  public static MotoS3Server start() throws IOException, InterruptedException {
    Path program = MOTO_SERVER.require();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(program.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (!p.isAlive() || Instant.now().isAfter(deadline)) {
          p.destroyForcibly();
          throw new IllegalStateException("moto_server did not start on port " + port
              + (p.isAlive() ? " within " + START_TIMEOUT : " (it exited " + p.waitFor() + ")"));
        }
        Thread.sleep(50);
      }
    }
    return new MotoS3Server(p, URI.create("http://127.0.0.1:" + port));
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Creates a bucket with a name unique in this JVM and returns it. */
  public String newBucket() {
    String bucket = "bt-moto-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    client.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** What points the project's S3 settings (and the AWS default credential chain) at this server. */
  public Map<String, String> environment() {
    return Map.of("BT_S3_ENDPOINT", endpoint.toString(), "BT_S3_CHECKSUMS", "when_required",
        "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_ACCESS_KEY,
        "AWS_REGION", S3ProxyServer.REGION);
  }

  @Override
  public void close() {
    saved.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
