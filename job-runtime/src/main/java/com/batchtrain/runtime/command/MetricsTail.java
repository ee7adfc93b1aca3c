package com.batchtrain.runtime.command;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the metrics file a command appends to: each {@link #poll} returns the lines completed
 * since the last one (a line still being written, without its newline, waits for the next poll).
 */
final class MetricsTail {
  /** A line longer than this is not a metrics line; it is cut and reported as malformed, not buffered forever. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final Path file;
  private long offset;
  private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
  private int lineNumber;

  MetricsTail(Path file) {
    this.file = file;
  }

  /** A completed line and its 1-based number in the file. */
  record Line(int number, String text) {}

  Path file() {
    return file;
  }

  List<Line> poll() throws IOException {
    List<Line> lines = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < offset) {
        // Truncated by the command (a restart that reopened it with "w"): follow the new content.
        offset = 0;
        partial.reset();
      }
      ByteBuffer buf = ByteBuffer.allocate(8192);
      int n;
      while ((n = ch.read(buf, offset)) > 0) {
        offset += n;
        byte[] bytes = buf.array();
        for (int i = 0; i < n; i++) {
          if (bytes[i] == '\n') {
            lines.add(new Line(++lineNumber, text()));
          } else if (partial.size() < MAX_LINE_BYTES) {
            partial.write(bytes[i]);
          }
        }
        buf.clear();
      }
    } catch (NoSuchFileException e) {
      // Not written yet.
    }
    return lines;
  }

  /** The last line if the command ended without its newline. */
  List<Line> finish() throws IOException {
    List<Line> lines = poll();
    if (partial.size() > 0) {
      lines.add(new Line(++lineNumber, text()));
    }
    return lines;
  }

  private String text() {
    String s = partial.toString(StandardCharsets.UTF_8).strip();
    partial.reset();
    return s;
  }
}
