package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.testsupport.RequiredTool;
import com.batchtrain.testsupport.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What S3ObjectStore writes is ordinary S3 to another client: the AWS CLI (Debian's awscli,
 * aws-cli 2.9) lists and reads it, multipart objects included, and the store reads what the CLI
 * wrote. /usr/bin/aws is named explicitly: an older v1 'aws' earlier on PATH must not stand in.
 */
class AwsCliInteropTest {
  static final Path AWS = Path.of("/usr/bin/aws");

  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path work;
  ObjectStore store;
  String bucket;

  @BeforeEach
  void open() {
    RequiredTool.AWS_CLI.require();
    store = ObjectStores.open(StorageUri.parse("s3://any/"), S3.environment());
    bucket = S3.newBucket();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void theCliListsAndReadsWhatTheStoreWrote() throws Exception {
    StorageUri prefix = StorageUri.parse("s3://" + bucket + "/sweeps/s1/");
    byte[] big = ObjectStoreContractTest.randomBytes(ObjectStoreContractTest.MULTIPART_BYTES, 11);
    store.upload(Files.write(work.resolve("big.bin"), big), prefix.resolve("model/big.bin"));
    store.write(prefix.resolve("history.json"), "[1,2,3]".getBytes(StandardCharsets.UTF_8));

    String listing = aws("s3", "ls", "--recursive", prefix.toString());
    Path bigCopy = work.resolve("big-copy.bin");
    aws("s3", "cp", prefix.resolve("model/big.bin").toString(), bigCopy.toString());
    String history = aws("s3", "cp", prefix.resolve("history.json").toString(), "-");

    assertTrue(listing.contains(ObjectStoreContractTest.MULTIPART_BYTES + " sweeps/s1/model/big.bin"), listing);
    assertTrue(listing.contains("7 sweeps/s1/history.json"), listing);
    assertArrayEquals(big, Files.readAllBytes(bigCopy));
    assertEquals("[1,2,3]", history);
  }

  @Test
  void theStoreReadsWhatTheCliWrote() throws Exception {
    byte[] bytes = ObjectStoreContractTest.randomBytes(12 * 1024 * 1024, 12);
    Path file = Files.write(work.resolve("from-cli.bin"), bytes);
    StorageUri uri = StorageUri.parse("s3://" + bucket + "/data/from-cli.bin");

    aws("s3", "cp", file.toString(), uri.toString());
    Path copy = work.resolve("copy.bin");
    store.download(uri, copy);

    assertEquals(List.of(new StoredObject(uri, bytes.length)), store.list(StorageUri.parse("s3://" + bucket + "/data/")));
    assertArrayEquals(bytes, Files.readAllBytes(copy));
  }

  private String aws(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", S3.endpoint().toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(work, "aws-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().putAll(S3.environment());
    builder.environment().put("AWS_DEFAULT_REGION", S3ProxyServer.REGION);
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().put("AWS_CONFIG_FILE", work.resolve("no-config").toString());
    builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
    builder.environment().put("AWS_PAGER", "");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A hang guard, not a timing check.
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "aws " + String.join(" ", args) + " did not finish");
    assertEquals(0, process.exitValue(), "aws " + String.join(" ", args) + ":\n" + out + Files.readString(log));
    return out;
  }
}
