package com.batchtrain.runtime.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;

/** Writes rows as tf.train.Example records (one float feature per column) in a TFRecord file. */
public final class TfRecordWriter implements AutoCloseable {
  private final OutputStream out;
  private final List<String> columns;

  public TfRecordWriter(Path file, List<String> columns) throws IOException {
    this.out = new BufferedOutputStream(Files.newOutputStream(file));
    this.columns = List.copyOf(columns);
  }

  public void write(double[] values) throws IOException {
    Features.Builder features = Features.newBuilder();
    for (int i = 0; i < columns.size(); i++) {
      features.putFeature(columns.get(i),
          Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue((float) values[i])).build());
    }
    byte[] data = Example.newBuilder().setFeatures(features).build().toByteArray();
    byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(len);
    out.write(intLe(TfRecordFormat.maskedCrc(len, 0, 8)));
    out.write(data);
    out.write(intLe(TfRecordFormat.maskedCrc(data, 0, data.length)));
  }

  private static byte[] intLe(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
