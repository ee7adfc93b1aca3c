package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code SHA256SUMS} file as {@code sha256sum} writes it: one {@code <64 hex>  <path>} line per
 * file ({@code " *"} for binary mode), paths relative to the file's directory.
 */
public record ChecksumFile(Map<String, String> sha256ByPath) {
  public static final String NAME = "SHA256SUMS";
  private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](?:\\./)?(.+)");

  public ChecksumFile {
    sha256ByPath = Map.copyOf(sha256ByPath);
  }

  public static ChecksumFile parse(StorageUri source, byte[] bytes) {
    Map<String, String> sums = new LinkedHashMap<>();
    int number = 0;
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new DatasetIntegrityException(source,
            "line " + number + ": expected '<64 hex digits>  <relative path>', got '" + line + "'");
      }
      sums.put(m.group(2), m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return new ChecksumFile(sums);
  }

  public Optional<String> sha256(String relativePath) {
    return Optional.ofNullable(sha256ByPath.get(relativePath));
  }
}
