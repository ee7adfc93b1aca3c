package com.batchtrain.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A location in a results store or dataset store: {@code s3://bucket/key-prefix} or
 * {@code file:///absolute/path}. Keys use '/' separators in both schemes, so the same layout
 * works on S3 and on a local disk.
 */
public record StorageUri(Scheme scheme, String bucket, String key) {
  public enum Scheme { S3, FILE }

  // S3 bucket naming rules (simplified: no IP-address check).
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public StorageUri {
    if (scheme == null) {
      throw new InvalidValueException("uri", "s3:// or file://", null);
    }
    key = key == null ? "" : key;
  }

  /** Parses with "uri" as the field name in error messages. */
  public static StorageUri parse(String text) {
    return parse("uri", text);
  }

  public static StorageUri parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidValueException(field, "an s3://bucket/prefix or file:///path URI", text);
    }
    if (text.startsWith("s3://")) {
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : rest.substring(slash + 1);
      if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
        throw new InvalidValueException(field, "an S3 bucket name (3-63 lowercase letters, digits, '.', '-') after s3://", text);
      }
      if (key.contains("//") || key.startsWith("/")) {
        throw new InvalidValueException(field, "an S3 key without empty path segments", text);
      }
      return new StorageUri(Scheme.S3, bucket, key);
    }
    if (text.startsWith("file:")) {
      try {
        URI uri = new URI(text);
        if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
          throw new InvalidValueException(field, "an absolute file:///path URI", text);
        }
        String path = uri.getPath();
        return new StorageUri(Scheme.FILE, "", path.substring(1));
      } catch (URISyntaxException e) {
        throw new InvalidValueException(field, "a valid file:///path URI", text);
      }
    }
    throw new InvalidValueException(field, "a URI starting with s3:// or file://", text);
  }

  public static StorageUri ofPath(Path path) {
    String abs = path.toAbsolutePath().normalize().toString().replace('\\', '/');
    String key = abs.startsWith("/") ? abs.substring(1) : abs;
    if (path.toFile().isDirectory() && !key.isEmpty() && !key.endsWith("/")) {
      key = key + "/";
    }
    return new StorageUri(Scheme.FILE, "", key);
  }

  public boolean isS3() {
    return scheme == Scheme.S3;
  }

  /** The local path of a file:// URI. */
  public Path toPath() {
    if (scheme != Scheme.FILE) {
      throw new IllegalStateException("not a file:// URI: " + this);
    }
    return Path.of("/" + key);
  }

  /** This URI treated as a directory (ends with '/'). */
  public StorageUri asDirectory() {
    return key.isEmpty() || key.endsWith("/") ? this : new StorageUri(scheme, bucket, key + "/");
  }

  /** Appends a relative key ('a/b/c') below this URI taken as a directory. */
  public StorageUri resolve(String relative) {
    if (relative.startsWith("/") || relative.contains("..")) {
      throw new IllegalArgumentException("not a relative key: " + relative);
    }
    return new StorageUri(scheme, bucket, asDirectory().key + relative);
  }

  /** The last path segment ('model.pb' of '.../model.pb', 'trials' of '.../trials/'). */
  public String name() {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return k.substring(k.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return scheme == Scheme.S3 ? "s3://" + bucket + "/" + key : "file:///" + key;
  }
}
