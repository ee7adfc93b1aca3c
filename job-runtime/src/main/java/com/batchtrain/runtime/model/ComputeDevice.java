package com.batchtrain.runtime.model;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Which device TensorFlow trains on. TF places ops on the first GPU by itself when the native
 * library has CUDA support and sees one; this probe only reports it, by pinning a tiny op to GPU:0
 * with soft placement off.
 */
public final class ComputeDevice {
  private ComputeDevice() {}

  public static String detect() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
      var probe = tf.withName("gpu_probe").math.add(tf.constant(1f), tf.constant(1f));
      try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
          var r = s.runner().fetch(probe).run()) {
        return ((TFloat32) r.get(0)).getFloat() == 2f ? "GPU:0" : "CPU";
      } catch (RuntimeException e) {
        return "CPU";
      }
    }
  }
}
