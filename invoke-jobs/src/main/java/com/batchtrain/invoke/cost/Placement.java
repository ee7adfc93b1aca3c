package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where Batch may run a job and at what price: the region, the market of the compute environment
 * and the instance types it may launch, each with the job's share of it. A compute environment that
 * names one instance type (the GPU ones: p3.8xlarge) gives one option; one that names families
 * (c6i, m6i, r6i) gives every size of them that fits the job, each with its share: Batch may launch
 * any, so an estimate ranges from the cheapest to the dearest, and an attempt Batch does not say the
 * size of is charged at the dearest.
 *
 * @param region the AWS region
 * @param market on-demand or spot
 * @param launches the instance types or families the compute environment names, as it names them
 * @param options every instance type the job fits on, cheapest first
 */
public record Placement(String region, Market market, List<String> launches, List<InstanceOption> options) {

  public Placement {
    launches = List.copyOf(launches);
    options = List.copyOf(options);
    if (options.isEmpty()) {
      throw new IllegalArgumentException("a placement has at least one instance option");
    }
  }

  /** A placement on one known instance type (tests, the cost simulation). */
  public static Placement on(InstanceOption option, Market market) {
    return new Placement(option.price().region(), market, List.of(option.price().instanceType()), List.of(option));
  }

  /**
   * The options of a job asking for {@code vcpus}, {@code memoryMib} and {@code gpus} in a compute
   * environment of {@code market} that launches {@code launches} (instance types or families).
   *
   * @throws UnknownPriceException when the table lacks the region, a type or a family, or for Batch's
   *     {@code optimal} (a choice the table cannot know)
   * @throws InvalidValueException naming the resource when the job fits on none of them
   */
  public static Placement of(int vcpus, int memoryMib, int gpus, String region, Market market, List<String> launches,
      PriceTable prices) {
    if (launches.isEmpty()) {
      throw new IllegalArgumentException("a compute environment launches at least one instance type");
    }
    List<InstanceOption> options = new ArrayList<>();
    InvalidValueException tooBig = null;
    for (String launched : launches) {
      for (InstancePrice p : candidates(launched, region, prices)) {
        try {
          options.add(InstanceOption.of(vcpus, memoryMib, gpus, p));
        } catch (InvalidValueException doesNotFit) {
          tooBig = doesNotFit;
        }
      }
    }
    if (options.isEmpty()) {
      throw tooBig;
    }
    // Cheapest first; sizes that cost the same per job (a family's prices are linear) keep smallest first.
    options.sort(Comparator.comparingLong(o -> price(o, market)));
    return new Placement(region, market, launches, options);
  }

  /** A named instance type's price, or every size the table has of a family. */
  private static List<InstancePrice> candidates(String launched, String region, PriceTable prices) {
    if (launched.equals("optimal") || launched.startsWith("default_")) {
      throw new UnknownPriceException("instance_type", "named instance types or families (Batch's " + launched
          + " picks among families of its own choosing, which no price table can know)", launched);
    }
    if (launched.contains(".")) {
      return List.of(prices.price(region, launched));
    }
    List<InstancePrice> family = new ArrayList<>();
    for (String type : prices.instanceTypes(region)) {
      if (type.startsWith(launched + ".")) {
        family.add(prices.price(region, type));
      }
    }
    if (family.isEmpty()) {
      prices.requireRegion(region);
      throw new UnknownPriceException("instance_type", "an instance family the price table has for " + region, launched);
    }
    return family;
  }

  /** Whether the instance type is known (one option), not a choice Batch makes among several. */
  public boolean exact() {
    return options.size() == 1;
  }

  /** The option that costs least per hour of the job (of those, the smallest instance). */
  public InstanceOption cheapest() {
    return options.get(0);
  }

  /** The option that costs most per hour of the job (of those, the smallest instance): an upper bound. */
  public InstanceOption dearest() {
    long most = price(options.get(options.size() - 1), market);
    return options.stream().filter(o -> price(o, market) == most).findFirst().orElseThrow();
  }

  /** Dollars per hour in nano-dollars: sizes of a family that cost the same compare equal despite rounding. */
  private static long price(InstanceOption o, Market market) {
    return Math.round(o.dollarsPerHour(market) * 1e9);
  }

  /**
   * {@code 1/4 of a p3.8xlarge (us-east-1)}, or for several options the cheapest to the dearest:
   * {@code a whole c6i.large to a whole r6i.large (us-east-1; Batch chooses among c6i, m6i, r6i)}.
   */
  public String render() {
    if (exact()) {
      return cheapest().share().render() + " (" + region + ")";
    }
    return cheapest().share().render() + " to " + dearest().share().render() + " (" + region + "; Batch chooses among "
        + String.join(", ", launches) + ")";
  }
}
