package com.batchtrain.reports.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One TensorBoard event file, {@code events.out.tfevents.<unix seconds>.<host>}, opened with its
 * file_version event. Each write is flushed so TensorBoard can follow a running trial.
 */
final class EventFile implements AutoCloseable {
  static final String PREFIX = "events.out.tfevents.";

  private final Path path;
  private final OutputStream stream;
  private final TfRecordWriter records;

  private EventFile(Path path, OutputStream stream) {
    this.path = path;
    this.stream = stream;
    this.records = new TfRecordWriter(stream);
  }

  static EventFile create(Path dir, Instant created, String host) throws IOException {
    Files.createDirectories(dir);
    String base = String.format("%s%010d.%s", PREFIX, created.getEpochSecond(), host);
    // A restarted trial may open its log within the same second; never overwrite an earlier file.
    for (int attempt = 0; ; attempt++) {
      Path candidate = dir.resolve(attempt == 0 ? base : base + "." + attempt);
      try {
        OutputStream out = new BufferedOutputStream(
            Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        EventFile file = new EventFile(candidate, out);
        file.append(EventProto.fileVersion(seconds(created)));
        return file;
      } catch (FileAlreadyExistsException taken) {
        if (attempt >= 100) {
          throw taken;
        }
      }
    }
  }

  Path path() {
    return path;
  }

  void scalars(long step, Instant wallTime, Map<String, Double> valuesByTag) throws IOException {
    Map<String, Float> values = new LinkedHashMap<>();
    valuesByTag.forEach((tag, value) -> values.put(tag, value.floatValue()));
    append(EventProto.scalars(seconds(wallTime), step, values));
  }

  private void append(byte[] event) throws IOException {
    records.write(event);
    stream.flush();
  }

  private static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
