package com.batchtrain.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3Proxy 2.6.0 server on a free loopback port, backed by the jclouds filesystem store in a
 * temporary directory. Use it as a JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
 * ...
 * String bucket = S3.newBucket();
 * }</pre>
 *
 * or start and close it by hand (benchmarks, mains). Registered on a static field it lives for
 * the test class; on an instance field, for each test.
 *
 * <p>While running it sets the {@code aws.accessKeyId}, {@code aws.secretAccessKey} and
 * {@code aws.region} system properties, so code under test that uses the AWS default credential
 * chain finds the server's dummy credentials; {@link #environment()} gives the same to child
 * processes. These credentials are for tests only.
 */
public final class S3ProxyServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY_ID = "batchtrain-test-access-key";
  public static final String SECRET_ACCESS_KEY = "batchtrain-test-secret-key";

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final List<String> CREDENTIAL_PROPERTIES =
      List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region");

  private Path baseDir;
  private BlobStoreContext context;
  private RecordingBlobStore blobStore;
  private S3Proxy proxy;
  private URI endpoint;
  private S3Client client;
  private boolean startedPerTest;
  private Map<String, String> savedProperties;

  /** Starts the server; returns once it accepts connections. Idempotent. */
  public synchronized S3ProxyServer start() {
    if (proxy != null) {
      return this;
    }
    quietServerLogs();
    try {
      baseDir = Files.createTempDirectory("s3proxy-");
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", baseDir.toString());
      context = ContextBuilder.newBuilder("filesystem")
          .credentials("identity", "credential")
          .overrides(properties)
          .build(BlobStoreContext.class);
      blobStore = new RecordingBlobStore(context.getBlobStore());
      proxy = S3Proxy.builder()
          .blobStore(blobStore)
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
          // SDK v2 sends x-amz-checksum-* and other headers S3Proxy 2.6.0 does not know.
          .ignoreUnknownHeaders(true)
          .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        if ("FAILED".equals(proxy.getState())) {
          throw new IllegalStateException("S3Proxy failed to start");
        }
        Thread.sleep(5);
      }
      endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      client = newClient();
      savedProperties = new java.util.HashMap<>();
      for (String name : CREDENTIAL_PROPERTIES) {
        savedProperties.put(name, System.getProperty(name));
      }
      System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
      System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
      System.setProperty("aws.region", REGION);
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting S3Proxy", e);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("could not start S3Proxy: " + e.getMessage(), e);
    }
  }

  /** The http://127.0.0.1:PORT endpoint. */
  public URI endpoint() {
    requireStarted();
    return endpoint;
  }

  /** An SDK v2 client configured for this server (path-style, checksums only when required). */
  public S3Client client() {
    requireStarted();
    return client;
  }

  /** A new client with the settings of {@link #client()}; the caller closes it. */
  public S3Client newClient() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  public void createBucket(String bucket) {
    client().createBucket(b -> b.bucket(bucket));
  }

  /** Creates a bucket with a name unique in this JVM and returns it. */
  public String newBucket() {
    String bucket = "bt-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    createBucket(bucket);
    return bucket;
  }

  /**
   * Environment variables that point a child process (job runtime, CLI) at this server through the
   * job contract and the AWS default credential chain.
   */
  public Map<String, String> environment() {
    requireStarted();
    return Map.of(
        "BT_S3_ENDPOINT", endpoint.toString(),
        "BT_S3_CHECKSUMS", "when_required",
        "AWS_REGION", REGION,
        "AWS_ACCESS_KEY_ID", ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
  }

  /** Every object read, completed write and delete the server performed, in order. */
  public List<BlobEvent> events() {
    requireStarted();
    return blobStore.events();
  }

  /** The events on one bucket, in order. */
  public List<BlobEvent> events(String bucket) {
    return events().stream().filter(e -> e.bucket().equals(bucket)).toList();
  }

  /** How many times the server read the object (a ranged GET of one part counts once). */
  public long reads(String bucket, String key) {
    return events(bucket).stream()
        .filter(e -> e.kind() == BlobEvent.Kind.READ && e.key().equals(key))
        .count();
  }

  public void clearEvents() {
    requireStarted();
    blobStore.clear();
  }

  /** Stops the server and deletes its files. Idempotent. */
  @Override
  public synchronized void close() {
    try {
      if (client != null) {
        client.close();
      }
      if (proxy != null) {
        proxy.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not stop S3Proxy", e);
    } finally {
      if (context != null) {
        context.close();
      }
      restoreProperties();
      deleteTree(baseDir);
      client = null;
      proxy = null;
      context = null;
      blobStore = null;
      baseDir = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext extension) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext extension) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext extension) {
    if (proxy == null) {
      startedPerTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext extension) {
    if (startedPerTest) {
      startedPerTest = false;
      close();
    }
  }

  // Jetty and jclouds log every request at DEBUG under logback's default configuration, which
  // buries test output; the server's own logs matter only when they warn.
  private static void quietServerLogs() {
    for (String name : List.of("org.gaul", "org.eclipse.jetty", "jclouds", "org.jclouds")) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger
          && logger.getLevel() == null) {
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }

  private void requireStarted() {
    if (proxy == null) {
      throw new IllegalStateException("S3ProxyServer is not started");
    }
  }

  private void restoreProperties() {
    if (savedProperties == null) {
      return;
    }
    savedProperties.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
    savedProperties = null;
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }
}
