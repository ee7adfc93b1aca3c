package com.batchtrain.runtime;

import com.batchtrain.contract.Manifest;
import com.batchtrain.runtime.preset.CalcloudGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Small datasets and result-store helpers shared by the runtime's tests. */
final class TrainingFixtures {
  private TrainingFixtures() {}

  static Path calcloudCsv(Path dir, int rows, long seed) throws IOException {
    Path csv = dir.resolve("calcloud-" + rows + "-" + seed + ".csv");
    if (!Files.exists(csv)) {
      new CalcloudGenerator(seed).writeCsv(csv, rows);
    }
    return csv;
  }

  static String fileUri(Path p) {
    return com.batchtrain.contract.StorageUri.ofPath(p).toString();
  }

  static Manifest manifest(Path results, String sweep, String trial) throws IOException {
    return Manifest.fromJson(Files.readAllBytes(results.resolve("sweeps/" + sweep + "/trials/" + trial + "/manifest.json")));
  }

  /** Regular files below {@code dir} (none when it does not exist). */
  static long fileCount(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
