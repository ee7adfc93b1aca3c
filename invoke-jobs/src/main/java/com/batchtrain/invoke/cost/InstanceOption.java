package com.batchtrain.invoke.cost;

/**
 * One instance type a trial may be placed on, with the trial's share of it as Batch packs.
 *
 * @param price the instance type's size and prices
 * @param share how many such trials fit on one instance
 */
public record InstanceOption(InstancePrice price, NodeShare share) {

  public InstanceOption {
    if (!price.instanceType().equals(share.instanceType())) {
      throw new IllegalArgumentException("the share is of a " + share.instanceType() + ", the price of a "
          + price.instanceType());
    }
  }

  /** The option of a trial asking for these resources on {@code price}'s instance type. */
  public static InstanceOption of(int vcpus, int memoryMib, int gpus, InstancePrice price) {
    return new InstanceOption(price, NodeShare.of(vcpus, memoryMib, gpus, price));
  }

  /** A whole instance per trial (the naive way to sweep). */
  public static InstanceOption wholeNode(InstancePrice price) {
    return new InstanceOption(price, NodeShare.wholeNode(price));
  }

  /** Instance-hours paid per hour the trial runs: its share of the instance. */
  public double instanceHoursPerHour() {
    return share.fraction();
  }

  /** GPU-hours paid per hour the trial runs: the GPUs of its share (a whole node counts all of them). */
  public double gpuHoursPerHour() {
    return share.fraction() * price.gpus();
  }

  /** Dollars paid per hour the trial runs, in a market (spot: at the reference price). */
  public double dollarsPerHour(Market market) {
    return share.fraction() * price.perHour(market);
  }
}
