package com.batchtrain.runtime.data;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import com.batchtrain.datasets.ColumnRequest;
import com.batchtrain.datasets.FileRows;
import com.batchtrain.datasets.LabelCollector;
import com.batchtrain.datasets.RowSink;
import com.batchtrain.datasets.TableFileReader;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * Reads a TFRecord file of tf.train.Example records. Each declared column must be a feature holding
 * exactly one float or int64 value. Both CRCs of every record are checked, so a truncated or
 * corrupted shard is reported (by record number) instead of silently yielding garbage. A TFRecord
 * has no header, so its features must be declared; a classifier's labels are numbers, mapped like
 * a CSV's integer labels by the datasets module's {@link LabelCollector}.
 */
public final class TfRecordDatasetReader implements TableFileReader {
  /** Records above this size are not rows of a tabular dataset: the length field is corrupt. */
  private static final long MAX_RECORD_BYTES = 64L << 20;

  @Override
  public FileRows read(Path file, ColumnRequest request, Optional<List<String>> expected, LabelCollector labels, RowSink sink,
      long maxRows) {
    List<String> features = request.features().orElseThrow(() -> new BadDataException(file + ": a TFRecord dataset has no"
        + " header to take the feature columns from; expected model.features to name them"));
    String target = request.target().orElse(null);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream in = new DataInputStream(raw)) {
      float[] row = new float[features.size()];
      long record = 0;
      byte[] header = new byte[8];
      byte[] crc = new byte[4];
      while (record < maxRows) {
        int first = in.read();
        if (first < 0) {
          break;
        }
        record++;
        header[0] = (byte) first;
        readFully(in, header, 1, 7, file, record);
        readFully(in, crc, 0, 4, file, record);
        if (le(crc) != TfRecordFormat.maskedCrc(header, 0, 8)) {
          throw new BadDataException(file + ": record " + record + ": length CRC mismatch (corrupt TFRecord)");
        }
        long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length < 0 || length > MAX_RECORD_BYTES) {
          throw new BadDataException(file + ": record " + record + ": implausible record length " + length);
        }
        byte[] data = new byte[(int) length];
        readFully(in, data, 0, data.length, file, record);
        readFully(in, crc, 0, 4, file, record);
        if (le(crc) != TfRecordFormat.maskedCrc(data, 0, data.length)) {
          throw new BadDataException(file + ": record " + record + ": data CRC mismatch (corrupt TFRecord)");
        }
        Example example;
        try {
          example = Example.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
          throw new BadDataException(file + ": record " + record + ": not a tf.train.Example (" + e.getMessage() + ")");
        }
        for (int i = 0; i < row.length; i++) {
          row[i] = (float) value(file, record, example, features.get(i));
        }
        if (target == null) {
          sink.accept(row, 0f);
          continue;
        }
        double targetValue = value(file, record, example, target);
        sink.accept(row, labels != null ? labels.idAtRecord(label(targetValue), file, record) : (float) targetValue);
      }
      if (record == 0) {
        throw new BadDataException(file + ": no records");
      }
      return new FileRows(features, record, record < maxRows || in.read() < 0);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** A numeric label as the label collector reads text: {@code 2} for 2.0, so that it maps like a CSV's {@code 2}. */
  private static String label(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static double value(Path file, long record, Example example, String column) {
    Feature f = example.getFeatures().getFeatureMap().get(column);
    if (f == null) {
      throw new BadDataException(file + ": record " + record + ": missing feature '" + column + "'");
    }
    double v;
    if (f.hasFloatList() && f.getFloatList().getValueCount() == 1) {
      v = f.getFloatList().getValue(0);
    } else if (f.hasInt64List() && f.getInt64List().getValueCount() == 1) {
      v = f.getInt64List().getValue(0);
    } else {
      throw new BadDataException(file + ": record " + record + ": feature '" + column
          + "': expected exactly one float or int64 value");
    }
    if (!Double.isFinite(v)) {
      throw new BadDataException(file + ": record " + record + ": feature '" + column + "': expected a finite number, got " + v);
    }
    return v;
  }

  private static void readFully(DataInputStream in, byte[] b, int off, int len, Path file, long record) throws IOException {
    try {
      in.readFully(b, off, len);
    } catch (EOFException e) {
      throw new BadDataException(file + ": record " + record + ": truncated TFRecord");
    }
  }

  private static int le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
