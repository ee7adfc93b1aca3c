package com.batchtrain.reports.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TFRecord framing: uint64 length, masked CRC-32C of the length bytes, data, masked CRC-32C of the
 * data; all little-endian.
 */
final class TfRecordWriter {
  private final OutputStream out;

  TfRecordWriter(OutputStream out) {
    this.out = out;
  }

  void write(byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(MaskedCrc32c.of(header.array(), 0, 8));
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(MaskedCrc32c.of(data, 0, data.length));
    out.write(header.array());
    out.write(data);
    out.write(footer.array());
  }
}
