package com.batchtrain.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The records of one CSV file as Jackson's CSV parser reads them (RFC 4180: quoted fields may hold
 * separators, quotes and line breaks; CRLF or LF line ends). A UTF-8 byte-order mark is skipped,
 * empty lines are skipped wherever they are, and every record knows the line it starts on. Bytes
 * that are not UTF-8 and malformed quoting are {@link BadDataException}s naming the line.
 */
final class CsvRows implements AutoCloseable {
  private static final CsvFactory FACTORY = CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
  private static final int BUFFER = 64 * 1024;

  private final Path file;
  private final CsvParser parser;
  private String[] fields = new String[32];
  private int size;
  private int line;

  private CsvRows(Path file, CsvParser parser) {
    this.file = file;
    this.parser = parser;
  }

  static CsvRows open(Path file) {
    InputStream in = null;
    try {
      in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
      skipByteOrderMark(in);
      // A strict decoder: the JDK's default replaces bytes that are not UTF-8 with U+FFFD silently.
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
      CsvParser parser = FACTORY.createParser(reader);
      parser.setSchema(CsvSchema.emptySchema());
      return new CsvRows(file, parser);
    } catch (IOException e) {
      closeQuietly(in);
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** Reads the next record with every field; false at the end of the file. */
  boolean next() {
    return next(null);
  }

  /**
   * Reads the next record; false at the end of the file. Only the fields {@code wanted} marks (all
   * when null) are kept as strings, the others are counted and read as null: no string is made for
   * a column nobody parses.
   */
  boolean next(boolean[] wanted) {
    try {
      JsonToken t = parser.nextToken();
      if (t == null) {
        return false;
      }
      if (t != JsonToken.START_ARRAY) {
        throw new IllegalStateException(file + ": unexpected CSV token " + t);
      }
      size = 0;
      line = -1;
      while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
        if (line < 0) {
          line = parser.currentTokenLocation().getLineNr();
        }
        if (size == fields.length) {
          fields = Arrays.copyOf(fields, size * 2);
        }
        fields[size] = wanted == null || (size < wanted.length && wanted[size]) ? parser.getText() : null;
        size++;
      }
      if (t != JsonToken.END_ARRAY) {
        throw new IllegalStateException(file + ": unexpected CSV token " + t);
      }
      if (line < 0) {
        line = parser.currentLocation().getLineNr();
      }
      return true;
    } catch (CharacterCodingException e) {
      throw notUtf8(e);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof CharacterCodingException) {
        throw notUtf8(e);
      }
      int at = e.getLocation() != null ? e.getLocation().getLineNr() : parser.currentLocation().getLineNr();
      throw new BadDataException(file + ":" + at + ": malformed CSV: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** The line the current record starts on (1-based, blank lines counted). */
  int line() {
    return line;
  }

  int size() {
    return size;
  }

  String field(int i) {
    return fields[i];
  }

  List<String> fields() {
    return List.of(Arrays.copyOf(fields, size));
  }

  Path file() {
    return file;
  }

  private BadDataException notUtf8(Exception e) {
    return Utf8Position.firstMalformed(file)
        .map(p -> new BadDataException(p.describe(file), e))
        .orElseGet(() -> new BadDataException(file + ": not UTF-8 text (" + e.getMessage() + "); expected a UTF-8 file", e));
  }

  private static void skipByteOrderMark(InputStream in) throws IOException {
    in.mark(3);
    byte[] head = in.readNBytes(3);
    if (!(head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)) {
      in.reset();
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the open failed already; that is the error to report
      }
    }
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing " + file, e);
    }
  }
}
