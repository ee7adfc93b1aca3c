package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where Batch may run a job and at what price: the region, the market of the compute environment
 * and the instance types it may launch, each with the job's share of it. A compute environment that
 * names one instance type (the GPU ones: p3.8xlarge) gives one option; one that names families
 * (c6i, m6i, r6i) gives, per family, the size that fits the job at the lowest price for its share,
 * as Batch's best-fit allocation picks within a family (whose prices are linear in size).
 *
 * @param region the AWS region
 * @param market on-demand or spot
 * @param launches the instance types or families the compute environment names, as it names them
 * @param options one per type or family, cheapest first
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
      if (launched.equals("optimal") || launched.startsWith("default_")) {
        throw new UnknownPriceException("instance_type", "named instance types or families (Batch's " + launched
            + " picks among families of its own choosing, which no price table can know)", launched);
      }
      List<InstancePrice> candidates = new ArrayList<>();
      if (launched.contains(".")) {
        candidates.add(prices.price(region, launched));
      } else {
        for (String type : prices.instanceTypes(region)) {
          if (type.startsWith(launched + ".")) {
            candidates.add(prices.price(region, type));
          }
        }
        if (candidates.isEmpty()) {
          prices.requireRegion(region);
          throw new UnknownPriceException("instance_type", "an instance family the price table has for " + region,
              launched);
        }
      }
      InstanceOption best = null;
      for (InstancePrice p : candidates) {
        try {
          InstanceOption o = InstanceOption.of(vcpus, memoryMib, gpus, p);
          // Sizes come smallest first; a larger one wins only if really cheaper (not by rounding: 2.04 / 24).
          if (best == null || o.dollarsPerHour(Market.ON_DEMAND) < best.dollarsPerHour(Market.ON_DEMAND) * (1 - 1e-9)) {
            best = o;
          }
        } catch (InvalidValueException doesNotFit) {
          tooBig = doesNotFit;
        }
      }
      if (best != null) {
        options.add(best);
      }
    }
    if (options.isEmpty()) {
      throw tooBig;
    }
    options.sort(Comparator.comparingDouble(o -> o.dollarsPerHour(market)));
    return new Placement(region, market, launches, options);
  }

  /** Whether the instance type is known (one option), not a choice Batch makes among several. */
  public boolean exact() {
    return options.size() == 1;
  }

  public InstanceOption cheapest() {
    return options.get(0);
  }

  public InstanceOption dearest() {
    return options.get(options.size() - 1);
  }

  /** {@code 1/4 of a p3.8xlarge (us-east-1)} or {@code a whole c6i.large, a whole m6i.large or ... (us-east-1)}. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < options.size(); i++) {
      out.append(i == 0 ? "" : i == options.size() - 1 ? " or " : ", ").append(options.get(i).share().render());
    }
    return out.append(" (").append(region).append(exact() ? ")" : "; Batch chooses)").toString();
  }
}
