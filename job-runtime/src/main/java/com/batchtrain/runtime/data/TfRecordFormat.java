package com.batchtrain.runtime.data;

import java.util.zip.CRC32C;

/**
 * The TFRecord framing: {@code uint64 length, uint32 masked_crc32c(length), bytes data,
 * uint32 masked_crc32c(data)}, little-endian.
 */
final class TfRecordFormat {
  private TfRecordFormat() {}

  private static final int MASK_DELTA = 0xa282ead8;

  static int maskedCrc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }
}
