package com.batchtrain.reports.tensorboard;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads TensorBoard event files without any code of the writer: its own bitwise CRC-32C and
 * protobuf-java's CodedInputStream for the Event messages.
 */
final class IndependentEventReader {
  record Event(double wallTime, long step, String fileVersion, Map<String, Float> scalars) {}

  private IndependentEventReader() {}

  static List<Event> read(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buf.hasRemaining()) {
      if (buf.remaining() < 12) {
        throw new IOException("truncated record header at " + buf.position());
      }
      byte[] lengthBytes = new byte[8];
      buf.get(lengthBytes);
      long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
      int lengthCrc = buf.getInt();
      if (lengthCrc != masked(crc32c(lengthBytes))) {
        throw new IOException("length CRC mismatch at record " + events.size());
      }
      if (length < 0 || length > buf.remaining() - 4) {
        throw new IOException("record length " + length + " runs past the end");
      }
      byte[] data = new byte[(int) length];
      buf.get(data);
      if (buf.getInt() != masked(crc32c(data))) {
        throw new IOException("data CRC mismatch at record " + events.size());
      }
      events.add(decodeEvent(data));
    }
    return events;
  }

  static int crc32c(byte[] data) {
    int crc = 0xFFFFFFFF;
    for (byte b : data) {
      crc ^= b & 0xFF;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    return ~crc;
  }

  static int masked(int crc) {
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  private static Event decodeEvent(byte[] data) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(data);
    double wallTime = 0;
    long step = 0;
    String fileVersion = null;
    Map<String, Float> scalars = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> wallTime = in.readDouble();
        case 2 -> step = in.readInt64();
        case 3 -> fileVersion = in.readString();
        case 5 -> decodeSummary(in.readBytes().newCodedInput(), scalars);
        default -> throw new IOException("unexpected Event field " + WireFormat.getTagFieldNumber(tag));
      }
    }
    return new Event(wallTime, step, fileVersion, scalars);
  }

  private static void decodeSummary(CodedInputStream in, Map<String, Float> scalars) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        throw new IOException("unexpected Summary field " + WireFormat.getTagFieldNumber(tag));
      }
      CodedInputStream value = in.readBytes().newCodedInput();
      String name = null;
      Float simple = null;
      for (int t = value.readTag(); t != 0; t = value.readTag()) {
        switch (WireFormat.getTagFieldNumber(t)) {
          case 1 -> name = value.readString();
          case 2 -> simple = value.readFloat();
          default -> throw new IOException("unexpected Summary.Value field " + WireFormat.getTagFieldNumber(t));
        }
      }
      scalars.put(name, simple);
    }
  }
}
