package com.batchtrain.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The repository's cdk.json, so tests synthesize with exactly the context users get. */
final class CdkJson {
  private CdkJson() {}

  static Path repositoryRoot() {
    // Surefire runs in the module directory (infra/); the IDE may run in the root.
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("cdk.json")) ? here : here.getParent();
  }

  static Map<String, Object> file() {
    try {
      return new ObjectMapper().readValue(repositoryRoot().resolve("cdk.json").toFile(),
          new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> context() {
    return new HashMap<>((Map<String, Object>) file().get("context"));
  }
}
