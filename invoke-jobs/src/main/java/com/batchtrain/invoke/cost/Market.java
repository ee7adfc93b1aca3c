package com.batchtrain.invoke.cost;

/** How an instance is bought: the {@code cpu}/{@code gpu} queues run on-demand, {@code *-spot} on spot. */
public enum Market {
  ON_DEMAND("on-demand"),
  SPOT("spot");

  private final String label;

  Market(String label) {
    this.label = label;
  }

  /** As the CLI prints it: {@code on-demand} or {@code spot}. */
  public String label() {
    return label;
  }

  /** The market of a queue name: names ending in {@code -spot} (cpu-spot, gpu-spot) are spot. */
  public static Market ofQueue(String queue) {
    return queue.endsWith("-spot") ? SPOT : ON_DEMAND;
  }
}
