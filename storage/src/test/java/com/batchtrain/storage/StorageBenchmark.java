package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.testsupport.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Throughput against S3Proxy on loopback (bench/storage/run.sh): the CRT-based Transfer Manager
 * that S3ObjectStore uses, the SDK's Java-based multipart async client behind the same Transfer
 * Manager, and DatasetStager end to end. Arguments: [fileMiB] [repetitions].
 */
public final class StorageBenchmark {
  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Files.createTempDirectory("bt-bench-");
    try (S3ProxyServer s3 = new S3ProxyServer().start()) {
      String bucket = s3.newBucket();
      Path file = work.resolve("payload.bin");
      byte[] chunk = ObjectStoreContractTest.randomBytes(1024 * 1024, 1);
      try (var out = Files.newOutputStream(file)) {
        for (int i = 0; i < mib; i++) {
          out.write(chunk);
        }
      }
      long bytes = Files.size(file);
      System.out.printf(Locale.ROOT, "payload %d MiB, %d repetitions, S3Proxy 2.6.0 filesystem store on loopback%n", mib, reps);

      try (ObjectStore crt = ObjectStores.open(StorageUri.parse("s3://" + bucket + "/"), s3.environment())) {
        StorageUri uri = StorageUri.parse("s3://" + bucket + "/crt/payload.bin");
        report("CRT transfer manager (S3ObjectStore) upload", bytes, reps, () -> crt.upload(file, uri));
        report("CRT transfer manager (S3ObjectStore) download", bytes, reps, () -> crt.download(uri, work.resolve("crt.bin")));

        StorageUri dataset = StorageUri.parse("s3://" + bucket + "/data/bench/");
        int shards = 8;
        for (int i = 0; i < shards; i++) {
          crt.upload(file, dataset.resolve("shard-" + i + ".bin"));
        }
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
          Path cache = work.resolve("cache-" + r);
          long start = System.nanoTime();
          new DatasetStager(crt, cache).stage(dataset);
          rates.add(shards * bytes / 1e6 / ((System.nanoTime() - start) / 1e9));
          deleteTree(cache);
        }
        print("DatasetStager, " + shards + " objects (size check, fsync, rename)", rates);
      }

      try (S3AsyncClient javaClient = S3AsyncClient.builder()
              .multipartEnabled(true)
              .endpointOverride(s3.endpoint())
              .forcePathStyle(true)
              .region(Region.of(S3ProxyServer.REGION))
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
              .build();
          S3TransferManager tm = S3TransferManager.builder().s3Client(javaClient).build()) {
        report("Java multipart client + transfer manager upload", bytes, reps, () -> tm.uploadFile(u -> u
            .putObjectRequest(p -> p.bucket(bucket).key("java/payload.bin")).source(file)).completionFuture().join());
        report("Java multipart client + transfer manager download", bytes, reps, () -> tm.downloadFile(d -> d
            .getObjectRequest(g -> g.bucket(bucket).key("java/payload.bin")).destination(work.resolve("java.bin")))
            .completionFuture().join());
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void report(String name, long bytes, int reps, Runnable action) {
    List<Double> rates = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      long start = System.nanoTime();
      action.run();
      rates.add(bytes / 1e6 / ((System.nanoTime() - start) / 1e9));
    }
    print(name, rates);
  }

  private static void print(String name, List<Double> rates) {
    System.out.printf(Locale.ROOT, "%-60s MB/s: %s (median %.0f)%n", name,
        rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(),
        rates.stream().sorted().toList().get(rates.size() / 2));
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
