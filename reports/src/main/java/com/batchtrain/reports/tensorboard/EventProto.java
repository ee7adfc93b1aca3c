package com.batchtrain.reports.tensorboard;

import java.util.Map;

/**
 * Encodes the tensorflow.Event messages TensorBoard reads (tensorflow/core/util/event.proto):
 * Event{wall_time=1 double, step=2 int64, file_version=3 string, summary=5 Summary};
 * Summary{value=1 repeated Value}; Value{tag=1 string, simple_value=2 float}.
 */
final class EventProto {
  /** What TensorBoard expects as the first event of every event file. */
  static final String FILE_VERSION = "brain.Event:2";

  private EventProto() {}

  static byte[] fileVersion(double wallTimeSeconds) {
    return new ProtoWriter().doubleField(1, wallTimeSeconds).stringField(3, FILE_VERSION).toByteArray();
  }

  static byte[] scalars(double wallTimeSeconds, long step, Map<String, Float> valuesByTag) {
    ProtoWriter summary = new ProtoWriter();
    valuesByTag.forEach((tag, value) ->
        summary.messageField(1, new ProtoWriter().stringField(1, tag).floatField(2, value)));
    return new ProtoWriter().doubleField(1, wallTimeSeconds).int64Field(2, step).messageField(5, summary)
        .toByteArray();
  }
}
