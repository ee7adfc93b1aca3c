package com.batchtrain.storage;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.StorageUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Objects in S3 (or an S3-protocol server) through the AWS SDK v2. Small requests (read, write,
 * list, head, delete) use the synchronous client, bounded by the settings' API call timeout and
 * retry attempts; file transfers go through the S3 Transfer Manager on the CRT-based async client,
 * which splits objects at or above the part size into parallel ranged GETs / multipart uploads.
 *
 * <p>Downloads land in a temporary sibling of the target file and are renamed over it when
 * complete, so a reader of the local file never sees a partial download. Keys ending in '/' are
 * folder markers made by consoles and tools, not objects: {@link #list} skips them.
 *
 * <p>The CRT client is optional: without {@code aws-crt} on the class path (the invoke-jobs CLI's
 * distribution leaves its 23 MB of natives out: the CLI's only transfer is the generated built-in
 * dataset) files go through the synchronous client as one PUT or GET each, which S3 limits to 5 GiB
 * an object. The job runtime always has the CRT.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client client;
  /** Null without the CRT ({@link #crtAvailable}): transfers then use {@link #client}. */
  private final S3AsyncClient asyncClient;
  private final S3TransferManager transfers;
  private final DefaultCredentialsProvider credentials;
  /**
   * A whole-file PUT or GET without the CRT may take longer than a small request's bound; a stalled
   * one still ends at the HTTP client's socket timeout.
   */
  private static final java.time.Duration TRANSFER_CALL_TIMEOUT = java.time.Duration.ofHours(12);

  /** With the CRT Transfer Manager when {@code aws-crt} is on the class path. */
  public S3ObjectStore(S3Settings settings) {
    this(settings, crtAvailable());
  }

  /** {@code useCrt} false: every transfer through the synchronous client (as without aws-crt). */
  S3ObjectStore(S3Settings settings, boolean useCrt) {
    Region region = regionOf(settings);
    this.credentials = DefaultCredentialsProvider.builder().build();
    RequestChecksumCalculation requestChecksums =
        settings.checksums() == S3Settings.Checksums.WHEN_REQUIRED
            ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED;
    ResponseChecksumValidation responseChecksums =
        settings.checksums() == S3Settings.Checksums.WHEN_REQUIRED
            ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED;

    var sync = S3Client.builder()
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle())
        .requestChecksumCalculation(requestChecksums)
        .responseChecksumValidation(responseChecksums)
        .httpClientBuilder(Apache5HttpClient.builder()
            .connectionTimeout(settings.connectTimeout())
            .socketTimeout(settings.apiCallTimeout()))
        .overrideConfiguration(o -> o
            .apiCallTimeout(settings.apiCallTimeout())
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .build()));
    var async = !useCrt ? null : S3AsyncClient.crtBuilder()
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle())
        .requestChecksumCalculation(requestChecksums)
        .responseChecksumValidation(responseChecksums)
        .minimumPartSizeInBytes(settings.partSizeBytes())
        .thresholdInBytes(settings.partSizeBytes())
        .httpConfiguration(h -> h.connectionTimeout(settings.connectTimeout()))
        .retryConfiguration(r -> r.numRetries(settings.maxAttempts() - 1));
    settings.endpoint().ifPresent(endpoint -> {
      sync.endpointOverride(endpoint);
      if (async != null) {
        async.endpointOverride(endpoint);
      }
    });
    this.client = sync.build();
    this.asyncClient = async == null ? null : async.build();
    this.transfers = async == null ? null : S3TransferManager.builder().s3Client(asyncClient).build();
  }

  /** Whether the CRT (aws-crt) is on this class path: the Transfer Manager's client needs it. */
  static boolean crtAvailable() {
    try {
      Class.forName("software.amazon.awssdk.crt.CRT", false, S3ObjectStore.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public byte[] read(StorageUri uri) {
    requireS3(uri);
    try {
      return client.getObjectAsBytes(b -> b.bucket(uri.bucket()).key(uri.key())).asByteArray();
    } catch (RuntimeException e) {
      throw S3Failures.translate("read", uri, e);
    }
  }

  @Override
  public Optional<byte[]> readIfExists(StorageUri uri) {
    requireS3(uri);
    try {
      return Optional.of(client.getObjectAsBytes(b -> b.bucket(uri.bucket()).key(uri.key())).asByteArray());
    } catch (NoSuchKeyException e) {
      // Only a missing key means "absent"; a missing bucket stays an error.
      return Optional.empty();
    } catch (RuntimeException e) {
      throw S3Failures.translate("read", uri, e);
    }
  }

  @Override
  public void write(StorageUri uri, byte[] bytes) {
    requireS3(uri);
    try {
      client.putObject(b -> b.bucket(uri.bucket()).key(uri.key()), RequestBody.fromBytes(bytes));
    } catch (RuntimeException e) {
      throw S3Failures.translate("write", uri, e);
    }
  }

  @Override
  public boolean createIfAbsent(StorageUri uri, byte[] bytes) {
    requireS3(uri);
    if (exists(uri)) {
      // Also what a store without conditional writes (S3Proxy) gets: sequential writers never overwrite.
      return false;
    }
    return putIfNoneMatch(uri, bytes);
  }

  /** The conditional PutObject alone, without the existence check before it (tests drive it against a store that honours it). */
  boolean putIfNoneMatch(StorageUri uri, byte[] bytes) {
    try {
      client.putObject(b -> b.bucket(uri.bucket()).key(uri.key()).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      // 412: another writer created it first. 409: a conditional write raced another one on the same key (S3 says retry).
      if (e.statusCode() == 412 || e.statusCode() == 409 && exists(uri)) {
        return false;
      }
      throw S3Failures.translate("write", uri, e);
    } catch (RuntimeException e) {
      throw S3Failures.translate("write", uri, e);
    }
  }

  @Override
  public void upload(Path file, StorageUri uri) {
    requireS3(uri);
    LocalFiles.requireRegularFile(file);
    try {
      uploadAsync(file, uri).join();
    } catch (RuntimeException e) {
      throw S3Failures.translate("upload " + file + " to", uri, e);
    }
  }

  @Override
  public void download(StorageUri uri, Path file) {
    requireS3(uri);
    try {
      downloadAsync(uri, file).join();
    } catch (RuntimeException e) {
      throw S3Failures.translate("download", uri, e);
    }
  }

  @Override
  public void uploadDirectory(Path dir, StorageUri prefix) {
    requireS3(prefix);
    StorageUri base = prefix.asDirectory();
    List<Path> files = LocalFiles.regularFiles(dir);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (Path file : files) {
      StorageUri target = child(base, LocalFiles.relativeKey(dir, file));
      pending.add(uploadAsync(file, target)
          .exceptionally(e -> { throw S3Failures.translate("upload " + file + " to", target, e); }));
    }
    awaitAll(pending, "upload " + dir + " to", base);
  }

  @Override
  public void downloadDirectory(StorageUri prefix, Path dir) {
    requireS3(prefix);
    StorageUri base = prefix.asDirectory();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (StoredObject object : list(base)) {
      Path target = dir.resolve(object.uri().key().substring(base.key().length()));
      pending.add(downloadAsync(object.uri(), target)
          .exceptionally(e -> { throw S3Failures.translate("download", object.uri(), e); }));
    }
    awaitAll(pending, "download", base);
  }

  @Override
  public List<StoredObject> list(StorageUri prefix) {
    requireS3(prefix);
    StorageUri base = prefix.asDirectory();
    try {
      List<StoredObject> objects = new ArrayList<>();
      for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(base.bucket()).prefix(base.key())).contents()) {
        if (!object.key().endsWith("/")) {
          objects.add(new StoredObject(new StorageUri(StorageUri.Scheme.S3, base.bucket(), object.key()), object.size()));
        }
      }
      // S3 already lists in key order; sorting keeps the contract even for servers that do not.
      objects.sort(java.util.Comparator.comparing(o -> o.uri().key()));
      return List.copyOf(objects);
    } catch (RuntimeException e) {
      throw S3Failures.translate("list", base, e);
    }
  }

  @Override
  public List<String> folders(StorageUri prefix) {
    requireS3(prefix);
    StorageUri base = prefix.asDirectory();
    try {
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      client.listObjectsV2Paginator(b -> b.bucket(base.bucket()).prefix(base.key()).delimiter("/")).commonPrefixes()
          .forEach(p -> {
            String name = p.prefix().substring(base.key().length());
            if (name.endsWith("/") && name.length() > 1) {
              names.add(name.substring(0, name.length() - 1));
            }
          });
      return List.copyOf(names);
    } catch (RuntimeException e) {
      throw S3Failures.translate("list", base, e);
    }
  }

  @Override
  public boolean exists(StorageUri uri) {
    requireS3(uri);
    try {
      client.headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw S3Failures.translate("exists", uri, e);
    } catch (RuntimeException e) {
      throw S3Failures.translate("exists", uri, e);
    }
  }

  @Override
  public Optional<StoredObject> stat(StorageUri uri) {
    requireS3(uri);
    try {
      long size = client.headObject(b -> b.bucket(uri.bucket()).key(uri.key())).contentLength();
      return Optional.of(new StoredObject(uri, size));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Failures.translate("stat", uri, e);
    } catch (RuntimeException e) {
      throw S3Failures.translate("stat", uri, e);
    }
  }

  @Override
  public void delete(StorageUri uri) {
    requireS3(uri);
    try {
      client.deleteObject(b -> b.bucket(uri.bucket()).key(uri.key()));
    } catch (RuntimeException e) {
      throw S3Failures.translate("delete", uri, e);
    }
  }

  @Override
  public void close() {
    if (transfers != null) {
      transfers.close();
      asyncClient.close();
    }
    client.close();
    // Clients do not close a provider they were given; it may own a refresh thread.
    credentials.close();
  }

  private CompletableFuture<?> uploadAsync(Path file, StorageUri uri) {
    if (transfers == null) {
      try {
        client.putObject(b -> b.bucket(uri.bucket()).key(uri.key()).overrideConfiguration(o -> o.apiCallTimeout(TRANSFER_CALL_TIMEOUT)),
            RequestBody.fromFile(file));
        return CompletableFuture.completedFuture(null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return transfers.uploadFile(u -> u
            .putObjectRequest(p -> p.bucket(uri.bucket()).key(uri.key()))
            .source(file))
        .completionFuture();
  }

  private CompletableFuture<Void> downloadAsync(StorageUri uri, Path file) {
    Path target = file.toAbsolutePath();
    Path temp;
    try {
      Files.createDirectories(target.getParent());
      temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID()
          + FileObjectStore.PARTIAL_SUFFIX);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new StorageException("cannot create directory for " + target + ": " + e, e));
    }
    CompletableFuture<?> transfer;
    if (transfers == null) {
      try {
        client.getObject(g -> g.bucket(uri.bucket()).key(uri.key()).overrideConfiguration(o -> o.apiCallTimeout(TRANSFER_CALL_TIMEOUT)),
            ResponseTransformer.toFile(temp));
        transfer = CompletableFuture.completedFuture(null);
      } catch (RuntimeException e) {
        transfer = CompletableFuture.failedFuture(e);
      }
    } else {
      transfer = transfers.downloadFile(d -> d
              .getObjectRequest(g -> g.bucket(uri.bucket()).key(uri.key()))
              .destination(temp))
          .completionFuture();
    }
    return transfer
        .handle((done, failure) -> {
          try {
            if (failure != null) {
              Files.deleteIfExists(temp);
              throw S3Failures.translate("download", uri, failure);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
          } catch (IOException e) {
            throw new StorageUnavailableException("could not place download of " + uri + " at " + target + ": " + e, e);
          }
        });
  }

  private static void awaitAll(List<CompletableFuture<?>> pending, String operation, StorageUri uri) {
    StorageException first = null;
    for (CompletableFuture<?> future : pending) {
      try {
        future.join();
      } catch (RuntimeException e) {
        if (first == null) {
          first = S3Failures.translate(operation, uri, e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static StorageUri child(StorageUri base, String relative) {
    return new StorageUri(StorageUri.Scheme.S3, base.bucket(), base.key() + relative);
  }

  private static void requireS3(StorageUri uri) {
    if (!uri.isS3()) {
      throw new IllegalArgumentException("S3ObjectStore handles s3:// URIs, not " + uri);
    }
  }

  private static Region regionOf(S3Settings settings) {
    if (settings.region().isPresent()) {
      return Region.of(settings.region().get());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new InvalidValueException(S3Settings.AWS_REGION,
          "a region (AWS_REGION, aws.region or the AWS profile)", null);
    }
  }
}
