package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  private static final List<String> REGIONS =
      List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1");
  private static final List<String> SIZES =
      List.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge",
          "metal");

  @TempDir
  Path dir;

  @Test
  void shippedTableHasTheGpuInstanceInEveryRegionWithItsSize() {
    PriceTable table = PriceTable.shipped();
    assertEquals("2026-12-07", table.date());
    for (String region : REGIONS) {
      InstancePrice p3 = table.price(region, "p3.8xlarge");
      assertEquals(32, p3.vcpus());
      assertEquals(244 * 1024, p3.memoryMib());
      assertEquals(4, p3.gpus());
      assertTrue(p3.spotReferencePerHour() < p3.onDemandPerHour(), region);
    }
    InstancePrice useast = table.price("us-east-1", "p3.8xlarge");
    assertEquals(12.24, useast.onDemandPerHour(), 1e-9);
    assertEquals(1.936, useast.spotReferencePerHour(), 1e-9);
    assertEquals(12.24, useast.perHour(Market.ON_DEMAND), 1e-9);
    assertEquals(1.936, useast.perHour(Market.SPOT), 1e-9);
    assertEquals(16.776, table.price("ap-northeast-1", "p3.8xlarge").onDemandPerHour(), 1e-9);
    assertEquals("2026-12-07", useast.dated());
  }

  @Test
  void shippedTableHasEverySizeOfTheDefaultCpuFamiliesPricedLinearlyInSize() {
    PriceTable table = PriceTable.shipped();
    for (String region : REGIONS) {
      for (String family : List.of("c6i", "m6i", "r6i")) {
        InstancePrice large = table.price(region, family + ".large");
        assertEquals(2, large.vcpus());
        for (String size : SIZES) {
          InstancePrice p = table.price(region, family + "." + size);
          assertEquals(0, p.gpus());
          // On-demand is linear in vCPUs within these families (AWS's pricing, checked in the source).
          assertEquals(large.onDemandPerHour() * p.vcpus() / 2, p.onDemandPerHour(), 1e-6, p.instanceType());
          assertTrue(p.spotReferencePerHour() < p.onDemandPerHour(), p.instanceType());
        }
      }
    }
    // c6i 2 GiB, m6i 4 GiB, r6i 8 GiB per vCPU.
    assertEquals(8192, table.price("us-east-1", "c6i.xlarge").memoryMib());
    assertEquals(16384, table.price("us-east-1", "m6i.xlarge").memoryMib());
    assertEquals(32768, table.price("us-east-1", "r6i.xlarge").memoryMib());
    assertEquals(0.085, table.price("us-east-1", "c6i.large").onDemandPerHour(), 1e-9);
    assertEquals(5.44, table.price("us-east-1", "c6i.32xlarge").onDemandPerHour(), 1e-9);
  }

  @Test
  void anUnknownRegionIsNamedWithTheRegionsTheTableHas() {
    UnknownPriceException e = assertThrows(UnknownPriceException.class,
        () -> PriceTable.shipped().price("mars-1", "p3.8xlarge"));
    assertEquals("region: expected a region of the price table (ap-northeast-1, eu-central-1, eu-west-1, "
        + "us-east-1, us-west-2; dated 2026-12-07, or give --prices FILE), got 'mars-1'", e.getMessage());
    assertEquals("region", e.field());
    // The CLI maps InvalidValueException to exit 64.
    assertInstanceOf(InvalidValueException.class, e);
  }

  @Test
  void anUnknownInstanceTypeIsNamedWithTheTypesOfThatRegion() {
    PriceTable table = PriceTable.parse("""
        {"date": "2026-11-30", "source": "test",
         "regions": {"eu-west-1": {
           "p3.8xlarge": {"vcpus": 32, "memory_mib": 249856, "gpus": 4, "on_demand_per_hour": 13.22,
                          "spot_reference_per_hour": 6.17},
           "c6i.2xlarge": {"vcpus": 8, "memory_mib": 16384, "gpus": 0, "on_demand_per_hour": 0.3648,
                           "spot_reference_per_hour": 0.16},
           "c6i.large": {"vcpus": 2, "memory_mib": 4096, "gpus": 0, "on_demand_per_hour": 0.0912,
                         "spot_reference_per_hour": 0.04}}}}
        """, "test.json");
    UnknownPriceException e = assertThrows(UnknownPriceException.class,
        () -> table.price("eu-west-1", "p4d.24xlarge"));
    assertEquals("instance_type: expected an instance type the price table has for eu-west-1 (c6i.large, "
        + "c6i.2xlarge, p3.8xlarge; dated 2026-11-30, or give --prices FILE), got 'p4d.24xlarge'", e.getMessage());
    assertEquals("instance_type", e.field());
    UnknownPriceException shipped = assertThrows(UnknownPriceException.class,
        () -> PriceTable.shipped().price("us-east-1", "p4d.24xlarge"));
    assertTrue(shipped.getMessage().startsWith("instance_type: expected an instance type the price table has for "
        + "us-east-1 (c6i.large, c6i.xlarge, c6i.2xlarge,"), shipped.getMessage());
    assertTrue(shipped.getMessage().endsWith("r6i.metal; dated 2026-12-07, or give --prices FILE), got "
        + "'p4d.24xlarge'"), shipped.getMessage());
  }

  @Test
  void aUsersFileOverridesItsEntriesAndKeepsTheRest() throws Exception {
    Path file = dir.resolve("my-prices.json");
    Files.writeString(file, """
        {"date": "2027-01-15", "source": "our negotiated rates",
         "regions": {
           "us-east-1": {"p3.8xlarge": {"vcpus": 32, "memory_mib": 249856, "gpus": 4,
                                        "on_demand_per_hour": 10.00, "spot_reference_per_hour": 3.00}},
           "ca-central-1": {"p3.8xlarge": {"vcpus": 32, "memory_mib": 249856, "gpus": 4,
                                           "on_demand_per_hour": 13.464, "spot_reference_per_hour": 4.93}}}}
        """);
    PriceTable table = PriceTable.read(file);
    InstancePrice overridden = table.price("us-east-1", "p3.8xlarge");
    assertEquals(10.00, overridden.onDemandPerHour(), 1e-9);
    assertEquals(3.00, overridden.spotReferencePerHour(), 1e-9);
    assertEquals("2027-01-15", overridden.dated());
    // Untouched shipped entries keep their price and date; new regions are added.
    InstancePrice kept = table.price("us-east-1", "c6i.large");
    assertEquals(0.085, kept.onDemandPerHour(), 1e-9);
    assertEquals("2026-12-07", kept.dated());
    assertEquals(13.22, table.price("eu-west-1", "p3.8xlarge").onDemandPerHour(), 1e-9);
    assertEquals(13.464, table.price("ca-central-1", "p3.8xlarge").onDemandPerHour(), 1e-9);
    assertTrue(table.regions().contains("ca-central-1"));
    assertEquals("dated 2026-12-07, with entries of a file dated 2027-01-15", table.dated());
    // The shipped table itself is not changed.
    assertEquals(12.24, PriceTable.shipped().price("us-east-1", "p3.8xlarge").onDemandPerHour(), 1e-9);
  }

  @Test
  void aMissingOrMalformedFileIsABadValueNamingWhatIsWrong() throws Exception {
    InvalidValueException missing = assertThrows(InvalidValueException.class,
        () -> PriceTable.read(dir.resolve("nope.json")));
    assertEquals("prices: expected a readable price table file (JSON), got '" + dir.resolve("nope.json") + "'",
        missing.getMessage());

    Path noPrice = dir.resolve("no-spot.json");
    Files.writeString(noPrice, """
        {"date": "2027-01-15", "source": "x", "regions": {"us-east-1": {"p3.8xlarge":
          {"vcpus": 32, "memory_mib": 249856, "gpus": 4, "on_demand_per_hour": 12.24}}}}
        """);
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> PriceTable.read(noPrice));
    assertEquals("prices.regions.us-east-1.p3.8xlarge.spot_reference_per_hour: expected a number in " + noPrice
        + ", got nothing", e.getMessage());

    Path badDate = dir.resolve("bad-date.json");
    Files.writeString(badDate, "{\"date\": \"last week\", \"source\": \"x\", \"regions\": {}}");
    assertEquals("prices.date: expected a date YYYY-MM-DD in " + badDate + ", got 'last week'",
        assertThrows(InvalidValueException.class, () -> PriceTable.read(badDate)).getMessage());

    Path negative = dir.resolve("negative.json");
    Files.writeString(negative, """
        {"date": "2027-01-15", "source": "x", "regions": {"us-east-1": {"p3.8xlarge":
          {"vcpus": 32, "memory_mib": 249856, "gpus": 4, "on_demand_per_hour": -1, "spot_reference_per_hour": 1}}}}
        """);
    assertEquals("prices.regions.us-east-1.p3.8xlarge.on_demand_per_hour: expected a positive price in USD per "
        + "hour in " + negative + ", got -1.0",
        assertThrows(InvalidValueException.class, () -> PriceTable.read(negative)).getMessage());
  }

  @Test
  void instanceTypesAreListedSmallestFirstWithinAFamily() {
    List<String> types = List.copyOf(PriceTable.shipped().instanceTypes("us-west-2"));
    assertEquals(31, types.size());
    assertEquals(List.of("c6i.large", "c6i.xlarge", "c6i.2xlarge", "c6i.4xlarge"), types.subList(0, 4));
    assertEquals("c6i.metal", types.get(9));
    assertEquals("p3.8xlarge", types.get(20));
    assertTrue(PriceTable.shipped().instanceTypes("mars-1").isEmpty());
  }
}
