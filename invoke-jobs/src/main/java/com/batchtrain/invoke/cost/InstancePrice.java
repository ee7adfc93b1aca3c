package com.batchtrain.invoke.cost;

/**
 * One instance type in one region, as the price table has it: its size and what an hour of it costs.
 *
 * @param region the AWS region, e.g. {@code us-east-1}
 * @param instanceType the EC2 instance type, e.g. {@code p3.8xlarge}
 * @param vcpus vCPUs of one instance
 * @param memoryMib memory of one instance in MiB (the EC2 figure; Batch registers slightly less)
 * @param gpus GPUs of one instance (0 for CPU instances)
 * @param onDemandPerHour the public on-demand Linux price, USD per instance-hour
 * @param spotReferencePerHour a reference spot price, USD per instance-hour: spot prices move by hour
 *     and Availability Zone, so this is a typical recent value, not a quote
 * @param dated the date of the table this entry came from (ISO, e.g. 2026-12-07)
 */
public record InstancePrice(String region, String instanceType, int vcpus, int memoryMib, int gpus,
    double onDemandPerHour, double spotReferencePerHour, String dated) {

  public InstancePrice {
    if (vcpus < 1 || memoryMib < 1 || gpus < 0 || !(onDemandPerHour > 0) || !Double.isFinite(onDemandPerHour)
        || !(spotReferencePerHour > 0) || !Double.isFinite(spotReferencePerHour)) {
      throw new IllegalArgumentException("an instance price needs vcpus >= 1, memory >= 1, gpus >= 0 and positive "
          + "prices, got " + instanceType + " in " + region);
    }
  }

  /** USD per instance-hour in the given market (spot: the reference price). */
  public double perHour(Market market) {
    return market == Market.SPOT ? spotReferencePerHour : onDemandPerHour;
  }
}
