package com.batchtrain.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a file stops being UTF-8: the line, the byte within that line and the byte itself. Only
 * used once a read has failed, because a decoder reports a malformed byte ahead of the row the
 * parser is on (it decodes a buffer at a time).
 */
record Utf8Position(long line, long column, int value) {
  private static final int CHUNK = 64 * 1024;

  /** The first malformed or truncated UTF-8 sequence of {@code file}, if any. */
  static Optional<Utf8Position> firstMalformed(Path file) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(CHUNK);
    CharBuffer out = CharBuffer.allocate(CHUNK);
    long consumed = 0; // bytes before in's position 0
    long line = 1;
    long lineStart = 0; // offset of the current line's first byte
    try (InputStream stream = Files.newInputStream(file)) {
      boolean eof = false;
      while (true) {
        int n = eof ? -1 : stream.read(in.array(), in.position(), in.remaining());
        if (n < 0) {
          eof = true;
        } else {
          in.position(in.position() + n);
        }
        in.flip();
        int start = in.position();
        CoderResult r = decoder.decode(in, out, eof);
        // Count the line breaks in what was decoded (bytes start..position).
        for (int i = start; i < in.position(); i++) {
          if (in.get(i) == '\n') {
            line++;
            lineStart = consumed + i + 1;
          }
        }
        if (r.isError()) {
          long offset = consumed + in.position();
          return Optional.of(new Utf8Position(line, offset - lineStart + 1, in.get(in.position()) & 0xff));
        }
        out.clear();
        consumed += in.position();
        in.compact();
        if (eof && in.position() == 0) {
          return Optional.empty();
        }
        if (eof) {
          // A truncated sequence at the very end.
          return Optional.of(new Utf8Position(line, consumed - lineStart + 1, in.get(0) & 0xff));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** The message of a file that is not UTF-8 at this position. */
  String describe(Path file) {
    return String.format("%s:%d: not UTF-8 text: byte 0x%02X at byte %d of the line; expected a UTF-8 file (save it as UTF-8,"
        + " e.g. Excel's \"CSV UTF-8\", or convert it: iconv -f latin1 -t utf-8)", file, line, value, column);
  }
}
