package com.batchtrain.contract;

/** The job queues a sweep can target, each with the stack output that holds its ARN. */
public enum QueueChoice {
  CPU("cpu", StackOutputs.CPU_QUEUE, false),
  CPU_SPOT("cpu-spot", StackOutputs.CPU_SPOT_QUEUE, false),
  GPU("gpu", StackOutputs.GPU_QUEUE, true),
  GPU_SPOT("gpu-spot", StackOutputs.GPU_SPOT_QUEUE, true);

  private final String id;
  private final String outputKey;
  private final boolean gpu;

  QueueChoice(String id, String outputKey, boolean gpu) {
    this.id = id;
    this.outputKey = outputKey;
    this.gpu = gpu;
  }

  public String id() {
    return id;
  }

  public String outputKey() {
    return outputKey;
  }

  public boolean gpu() {
    return gpu;
  }

  public static QueueChoice parse(String text) {
    for (QueueChoice q : values()) {
      if (q.id.equals(text)) {
        return q;
      }
    }
    throw new InvalidValueException("queue", "one of cpu, cpu-spot, gpu, gpu-spot", text);
  }
}
