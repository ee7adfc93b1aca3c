package com.batchtrain.storage;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach S3. The defaults are the SDK's for real S3 (virtual-hosted addressing, region from
 * the default chain, checksums when supported); {@link #fromEnvironment} reads the job contract's
 * {@code BT_S3_ENDPOINT} / {@code BT_S3_CHECKSUMS} and {@code AWS_REGION}. Credentials are not
 * part of the settings: they always come from the AWS default credential chain.
 *
 * @param endpoint S3-protocol endpoint override (S3Proxy, MinIO); empty for AWS S3
 * @param pathStyle path-style addressing, which S3-protocol servers need
 * @param region signing region; empty to use the SDK's default region chain
 * @param checksums when the SDK computes and validates flexible checksums
 * @param partSizeBytes multipart part size and the size from which transfers go multipart
 * @param connectTimeout how long to wait for a TCP connection before the attempt fails
 * @param apiCallTimeout bound on one small request (read, write, list, head, delete) with its
 *     retries; transfers of files are bounded per connection instead, as their size is unbounded
 * @param maxAttempts attempts per request, first try included (the SDK's standard retry strategy)
 */
public record S3Settings(
    Optional<URI> endpoint,
    boolean pathStyle,
    Optional<String> region,
    Checksums checksums,
    long partSizeBytes,
    Duration connectTimeout,
    Duration apiCallTimeout,
    int maxAttempts) {

  public static final String AWS_REGION = "AWS_REGION";
  public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
  // S3 rejects parts under 5 MiB (except the last).
  private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  /** When the SDK computes request checksums and validates response checksums. */
  public enum Checksums {
    /** The SDK default: CRC checksums on every request that supports them. */
    WHEN_SUPPORTED,
    /** Only where the S3 API requires one; needed by S3-protocol servers such as S3Proxy 2.6. */
    WHEN_REQUIRED;

    /** Parses when_supported or when_required (any case); {@code field} names the source in errors. */
    public static Checksums parse(String field, String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "when_supported" -> WHEN_SUPPORTED;
        case "when_required" -> WHEN_REQUIRED;
        default -> throw new InvalidValueException(field, "when_supported or when_required", text);
      };
    }
  }

  public S3Settings {
    if (endpoint == null || region == null || checksums == null || connectTimeout == null
        || apiCallTimeout == null) {
      throw new IllegalArgumentException("S3Settings fields must not be null (use Optional.empty())");
    }
    if (partSizeBytes < MIN_PART_SIZE) {
      throw new InvalidValueException("partSizeBytes", "at least 5 MiB (the S3 minimum part size)", partSizeBytes);
    }
    if (maxAttempts < 1) {
      throw new InvalidValueException("maxAttempts", "at least 1", maxAttempts);
    }
  }

  /** Real AWS S3 with the SDK's defaults. */
  public static S3Settings defaults() {
    return new S3Settings(Optional.empty(), false, Optional.empty(), Checksums.WHEN_SUPPORTED,
        DEFAULT_PART_SIZE, Duration.ofSeconds(5), Duration.ofMinutes(2), 3);
  }

  /**
   * Reads {@code BT_S3_ENDPOINT} (path-style when set), {@code BT_S3_CHECKSUMS} and
   * {@code AWS_REGION}; absent or blank variables keep the defaults.
   *
   * @throws InvalidValueException naming the variable when a value is malformed
   */
  public static S3Settings fromEnvironment(Map<String, String> env) {
    S3Settings settings = defaults();
    String endpoint = env.get(JobEnv.S3_ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      settings = settings.withEndpoint(parseEndpoint(JobEnv.S3_ENDPOINT, endpoint.trim()));
    }
    String checksums = env.get(JobEnv.S3_CHECKSUMS);
    if (checksums != null && !checksums.isBlank()) {
      settings = settings.withChecksums(Checksums.parse(JobEnv.S3_CHECKSUMS, checksums));
    }
    String region = env.get(AWS_REGION);
    if (region != null && !region.isBlank()) {
      if (!REGION.matcher(region.trim()).matches()) {
        throw new InvalidValueException(AWS_REGION, "an AWS region name such as us-east-1", region);
      }
      settings = settings.withRegion(region.trim());
    }
    return settings;
  }

  /** An endpoint override with path-style addressing, as S3-protocol servers expect. */
  public S3Settings withEndpoint(URI uri) {
    return new S3Settings(Optional.of(uri), true, region, checksums, partSizeBytes, connectTimeout,
        apiCallTimeout, maxAttempts);
  }

  public S3Settings withRegion(String name) {
    return new S3Settings(endpoint, pathStyle, Optional.of(name), checksums, partSizeBytes,
        connectTimeout, apiCallTimeout, maxAttempts);
  }

  public S3Settings withChecksums(Checksums mode) {
    return new S3Settings(endpoint, pathStyle, region, mode, partSizeBytes, connectTimeout,
        apiCallTimeout, maxAttempts);
  }

  public S3Settings withPartSizeBytes(long bytes) {
    return new S3Settings(endpoint, pathStyle, region, checksums, bytes, connectTimeout,
        apiCallTimeout, maxAttempts);
  }

  public S3Settings withTimeouts(Duration connect, Duration apiCall) {
    return new S3Settings(endpoint, pathStyle, region, checksums, partSizeBytes, connect, apiCall,
        maxAttempts);
  }

  private static URI parseEndpoint(String field, String text) {
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new InvalidValueException(field, "an http(s)://host[:port] URL", text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidValueException(field, "an http(s)://host[:port] URL", text);
    }
  }
}
