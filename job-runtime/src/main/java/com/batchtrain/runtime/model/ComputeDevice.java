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
 * with soft placement off. Being the first session of a trial, it also fixes TF's thread pools for
 * the process: so it takes {@link ThreadPools#process()}'s sizes like every other session.
 */
public final class ComputeDevice {
  private ComputeDevice() {}

  public static String detect() {
    // Outside the try below: a bad BT_VCPUS must fail the command, not read as "no GPU".
    ConfigProto config = ThreadPools.process().config().setAllowSoftPlacement(false).build();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
      var probe = tf.withName("gpu_probe").math.add(tf.constant(1f), tf.constant(1f));
      try (Session s = new Session(g, config);
          var r = s.runner().fetch(probe).run()) {
        return ((TFloat32) r.get(0)).getFloat() == 2f ? "GPU:0" : "CPU";
      } catch (RuntimeException e) {
        return "CPU";
      }
    }
  }
}
