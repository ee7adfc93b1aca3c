package com.batchtrain.invoke.cost;

/**
 * What an hour of one attempt costs: its share of an instance in a market. {@code exact} is false when
 * the compute environment may launch several instance types and Batch does not say which one ran the
 * attempt: then the charge is the dearest of them, an upper bound.
 */
public record Charge(InstanceOption on, Market market, boolean exact) {

  /** The charge of a job placed by {@code placement}: its one option, or the dearest as an upper bound. */
  public static Charge of(Placement placement) {
    return new Charge(placement.dearest(), placement.market(), placement.exact());
  }

  public double dollarsPerHour() {
    return on.dollarsPerHour(market);
  }
}
