package com.batchtrain.reports.tensorboard;

import java.util.zip.CRC32C;

/**
 * The masked CRC-32C of TFRecord framing. TensorFlow masks CRCs because a CRC of data that itself
 * embeds CRCs is weak; the mask is a rotation plus a constant (tensorflow/core/lib/hash/crc32c.h).
 */
final class MaskedCrc32c {
  private static final int MASK_DELTA = 0xa282ead8;

  private MaskedCrc32c() {}

  static int of(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }
}
