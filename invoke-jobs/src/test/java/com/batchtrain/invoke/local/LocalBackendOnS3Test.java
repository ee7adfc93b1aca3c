package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.invoke.CliRun;
import com.batchtrain.invoke.ContractTrial;
import com.batchtrain.testsupport.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local trials with the results store on an S3 endpoint: the CLI and every trial reach the same
 * bucket through the contract's BT_S3_ENDPOINT / BT_S3_CHECKSUMS and the default credential chain.
 */
class LocalBackendOnS3Test {
  @RegisterExtension
  static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir
  Path tmp;

  @Test
  void trialsPublishToTheBucketAndResultsReadThem() throws Exception {
    String bucket = S3.newBucket();
    Path spec = tmp.resolve("spec.yaml");
    Files.writeString(spec, """
        name: local-s3
        preset: calcloud-memory-bin
        data: s3://%s/data/x/
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        parameters:
          learning_rate: {values: [0.01, 0.05]}
          epochs: {value: 2}
        """.formatted(bucket));
    String[] store = {"--results", "s3://" + bucket + "/team/", "--s3-endpoint", S3.endpoint().toString(),
        "--s3-checksums", "when_required", "--region", S3ProxyServer.REGION};
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_ACCESS_KEY);
    CliRun run = CliRun.of(join(new String[] {"sweep", spec.toString(), "--work-dir", tmp.resolve("work").toString(),
        "--runtime-main", ContractTrial.class.getName()}, store));
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("2 of 2 trials finished"), run.out());
    Matcher m = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE).matcher(run.out());
    assertTrue(m.find());
    assertTrue(S3.client().listObjectsV2(r -> r.bucket(bucket).prefix("team/sweeps/" + m.group(1) + "/trials/t0001/"))
        .contents().stream().anyMatch(o -> o.key().endsWith("/manifest.json")));
    CliRun results = CliRun.of(join(new String[] {"results", m.group(1), "--format", "csv"}, store));
    assertEquals(0, results.exitCode(), results.toString());
    assertTrue(results.out().lines().skip(1).findFirst().orElseThrow().startsWith("1,t0001,0.5,"), results.out());
  }

  private static String[] join(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
