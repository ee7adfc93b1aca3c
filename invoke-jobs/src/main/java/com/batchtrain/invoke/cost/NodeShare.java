package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.invoke.spec.Resources;

/**
 * A trial's share of one instance as Batch packs identical trials onto it: as many trials fit as the
 * scarcest resource allows (vCPUs, memory, GPUs), and each pays {@code 1/trialsPerNode} of the instance.
 * That is the largest of the trial's vCPU, memory and GPU shares, rounded up to a whole number of trials
 * per node (a trial needing 0.3 of a node leaves room for only 3, so it costs 1/3).
 *
 * <p>Example: 1 GPU, 8 vCPU, 58 GiB on a p3.8xlarge (4 GPUs, 32 vCPU, 244 GiB): GPU share 1/4, vCPU share
 * 1/4, memory share 0.24, so four trials per node and a share of 1/4.
 *
 * @param trialsPerNode how many such trials one instance holds at once (>= 1)
 * @param binding the resource that limits it ({@code gpus}, {@code vcpus} or {@code memory_mib}), or
 *     {@code node} for a trial given a whole instance
 * @param instanceType the instance type the share is of
 */
public record NodeShare(int trialsPerNode, String binding, String instanceType) {

  public NodeShare {
    if (trialsPerNode < 1) {
      throw new IllegalArgumentException("a node holds at least one trial, got " + trialsPerNode);
    }
  }

  /**
   * The share of a trial asking for {@code request} on {@code instance}.
   *
   * @throws InvalidValueException naming the resource ({@code resources.vcpus}, {@code resources.memory_mib},
   *     {@code resources.gpus}) when one trial does not fit on one instance
   */
  public static NodeShare of(Resources request, InstancePrice instance) {
    return of(request.vcpus(), request.memoryMib(), request.gpus(), instance);
  }

  /** As {@link #of(Resources, InstancePrice)}, from the three numbers. */
  public static NodeShare of(int vcpus, int memoryMib, int gpus, InstancePrice instance) {
    String type = instance.instanceType();
    if (vcpus < 1 || memoryMib < 1 || gpus < 0) {
      throw new IllegalArgumentException("a trial asks for >= 1 vCPU, >= 1 MiB and >= 0 GPUs");
    }
    if (vcpus > instance.vcpus()) {
      throw new InvalidValueException("resources.vcpus",
          "at most " + instance.vcpus() + " vCPUs, what one " + type + " has", vcpus);
    }
    if (memoryMib > instance.memoryMib()) {
      throw new InvalidValueException("resources.memory_mib",
          "at most " + instance.memoryMib() + " MiB, what one " + type + " has", memoryMib);
    }
    if (gpus > instance.gpus()) {
      throw new InvalidValueException("resources.gpus",
          "at most " + instance.gpus() + " GPUs, what one " + type + " has", gpus);
    }
    int byVcpus = instance.vcpus() / vcpus;
    int byMemory = instance.memoryMib() / memoryMib;
    int byGpus = gpus == 0 ? Integer.MAX_VALUE : instance.gpus() / gpus;
    int fits = Math.min(byVcpus, Math.min(byMemory, byGpus));
    // Name the scarcest resource; on a tie prefer GPUs, then vCPUs (what the request was sized by).
    String binding = fits == byGpus ? "gpus" : fits == byVcpus ? "vcpus" : "memory_mib";
    return new NodeShare(fits, binding, type);
  }

  /** A whole instance per trial, whatever the trial uses of it (the naive case). */
  public static NodeShare wholeNode(InstancePrice instance) {
    return new NodeShare(1, "node", instance.instanceType());
  }

  /** The fraction of the instance a trial pays for: {@code 1 / trialsPerNode}. */
  public double fraction() {
    return 1.0 / trialsPerNode;
  }

  /** {@code 1/4 of a p3.8xlarge}, or {@code a whole p3.8xlarge}. */
  public String render() {
    return trialsPerNode == 1 ? "a whole " + instanceType : "1/" + trialsPerNode + " of a " + instanceType;
  }
}
