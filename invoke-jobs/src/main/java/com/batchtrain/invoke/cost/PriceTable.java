package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * EC2 prices by region and instance type, read from JSON data: the table shipped with the CLI
 * ({@value #SHIPPED_RESOURCE}) or a user's file of the same shape, whose entries override the shipped
 * ones ({@code --prices FILE}). A lookup that the table cannot answer throws {@link
 * UnknownPriceException}; nothing is guessed or extrapolated.
 *
 * <p>Shape: {@code {"date": "2026-12-07", "source": "...", "regions": {"us-east-1": {"p3.8xlarge":
 * {"vcpus": 32, "memory_mib": 249856, "gpus": 4, "on_demand_per_hour": 12.24,
 * "spot_reference_per_hour": 1.94}}}}}. Other top-level keys (notes) are allowed and ignored.
 */
public final class PriceTable {
  public static final String SHIPPED_RESOURCE = "/com/batchtrain/invoke/cost/ec2-prices.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
  private static final List<String> ENTRY_FIELDS =
      List.of("vcpus", "memory_mib", "gpus", "on_demand_per_hour", "spot_reference_per_hour");
  private static volatile PriceTable shipped;

  private final Map<String, Map<String, InstancePrice>> prices;
  private final String date;
  private final String source;
  private final String dated;

  private PriceTable(Map<String, Map<String, InstancePrice>> prices, String date, String source, String dated) {
    this.prices = prices;
    this.date = date;
    this.source = source;
    this.dated = dated;
  }

  /** The table shipped with the CLI (read once). */
  public static PriceTable shipped() {
    PriceTable table = shipped;
    if (table == null) {
      try (InputStream in = PriceTable.class.getResourceAsStream(SHIPPED_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the shipped price table " + SHIPPED_RESOURCE + " is missing from the CLI");
        }
        table = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped price table");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      shipped = table;
    }
    return table;
  }

  /**
   * The shipped table with the entries of a user's file (same shape) laid over it: an entry of the file
   * replaces the shipped entry of the same region and instance type, and new regions or types are added.
   *
   * @throws InvalidValueException (field {@code prices}) when the file is missing or malformed
   */
  public static PriceTable read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidValueException("prices", "a readable price table file (JSON)", file.toString());
    } catch (IOException e) {
      throw new InvalidValueException("prices", "a readable price table file (JSON): " + e.getMessage(),
          file.toString());
    }
    return overriding(text, file.toString());
  }

  /**
   * The shipped table with the entries of a price table's JSON text laid over it.
   *
   * @param origin what to call the text in messages (its file or key)
   */
  public static PriceTable overriding(String json, String origin) {
    return shipped().overriddenBy(parse(json, origin));
  }

  /**
   * A table from JSON text alone, without the shipped entries.
   *
   * @param origin what to call the text in messages (a file name)
   */
  public static PriceTable parse(String json, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidValueException("prices", "JSON in " + origin + " (" + firstLine(e.getMessage()) + ")",
          abbreviate(json));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidValueException("prices", "a JSON object with date, source and regions in " + origin,
          abbreviate(json));
    }
    String date = text(root, "date", origin);
    if (!DATE.matcher(date).matches()) {
      throw new InvalidValueException("prices.date", "a date YYYY-MM-DD in " + origin, date);
    }
    String source = text(root, "source", origin);
    JsonNode regions = root.get("regions");
    if (regions == null || !regions.isObject() || regions.isEmpty()) {
      throw new InvalidValueException("prices.regions", "an object of regions to instance types in " + origin,
          regions == null ? null : regions.toString());
    }
    Map<String, Map<String, InstancePrice>> prices = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> r = regions.fields(); r.hasNext(); ) {
      Map.Entry<String, JsonNode> region = r.next();
      if (!REGION.matcher(region.getKey()).matches()) {
        throw new InvalidValueException("prices.regions", "AWS region names (us-east-1) in " + origin,
            region.getKey());
      }
      if (!region.getValue().isObject()) {
        throw new InvalidValueException("prices.regions." + region.getKey(),
            "an object of instance types in " + origin, region.getValue().toString());
      }
      Map<String, InstancePrice> types = new TreeMap<>(INSTANCE_ORDER);
      for (Iterator<Map.Entry<String, JsonNode>> t = region.getValue().fields(); t.hasNext(); ) {
        Map.Entry<String, JsonNode> type = t.next();
        types.put(type.getKey(), entry(region.getKey(), type.getKey(), type.getValue(), date, origin));
      }
      prices.put(region.getKey(), types);
    }
    return new PriceTable(prices, date, source, "dated " + date);
  }

  /** This table with {@code other}'s entries replacing or adding to its own. */
  public PriceTable overriddenBy(PriceTable other) {
    Map<String, Map<String, InstancePrice>> merged = new TreeMap<>();
    prices.forEach((region, types) -> {
      Map<String, InstancePrice> copy = new TreeMap<>(INSTANCE_ORDER);
      copy.putAll(types);
      merged.put(region, copy);
    });
    other.prices.forEach((region, types) ->
        merged.computeIfAbsent(region, k -> new TreeMap<>(INSTANCE_ORDER)).putAll(types));
    return new PriceTable(merged, other.date, source + "; overridden by: " + other.source,
        dated + ", with entries of a file dated " + other.date);
  }

  /**
   * The price of an instance type in a region.
   *
   * @throws UnknownPriceException naming the region or instance type the table does not have
   */
  public InstancePrice price(String region, String instanceType) {
    requireRegion(region);
    Map<String, InstancePrice> types = prices.get(region);
    InstancePrice price = types.get(instanceType);
    if (price == null) {
      throw new UnknownPriceException("instance_type", "an instance type the price table has for " + region + " ("
          + String.join(", ", types.keySet()) + "; " + dated + ", or give --prices FILE)", instanceType);
    }
    return price;
  }

  /**
   * Checks that the table has prices for {@code region}.
   *
   * @throws UnknownPriceException naming the region and the regions the table has
   */
  public void requireRegion(String region) {
    if (!prices.containsKey(region)) {
      throw new UnknownPriceException("region", "a region of the price table (" + String.join(", ", regions())
          + "; " + dated + ", or give --prices FILE)", region);
    }
  }

  /** The date of the table (of the user's file when one overrides the shipped table). */
  public String date() {
    return date;
  }

  public String source() {
    return source;
  }

  /** {@code dated 2026-12-07}, or with a user's file {@code dated ..., with entries of a file dated ...}. */
  public String dated() {
    return dated;
  }

  public SortedSet<String> regions() {
    return new TreeSet<>(prices.keySet());
  }

  /** The instance types of a region, smallest size first within a family; empty for an unknown region. */
  public SortedSet<String> instanceTypes(String region) {
    SortedSet<String> types = new TreeSet<>(INSTANCE_ORDER);
    types.addAll(prices.getOrDefault(region, Map.of()).keySet());
    return types;
  }

  private static InstancePrice entry(String region, String type, JsonNode node, String date, String origin) {
    String field = "prices.regions." + region + "." + type;
    if (!INSTANCE_TYPE.matcher(type).matches()) {
      throw new InvalidValueException("prices.regions." + region, "EC2 instance types (p3.8xlarge) in " + origin,
          type);
    }
    if (!node.isObject()) {
      throw new InvalidValueException(field, "an object with " + String.join(", ", ENTRY_FIELDS) + " in " + origin,
          node.toString());
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (String key : ENTRY_FIELDS) {
      JsonNode value = node.get(key);
      if (value == null || !value.isNumber()) {
        throw new InvalidValueException(field + "." + key, "a number in " + origin,
            value == null ? null : value.toString());
      }
      values.put(key, value.asDouble());
    }
    int vcpus = whole(values.get("vcpus"), 1, field + ".vcpus", origin);
    int memory = whole(values.get("memory_mib"), 1, field + ".memory_mib", origin);
    int gpus = whole(values.get("gpus"), 0, field + ".gpus", origin);
    double onDemand = positive(values.get("on_demand_per_hour"), field + ".on_demand_per_hour", origin);
    double spot = positive(values.get("spot_reference_per_hour"), field + ".spot_reference_per_hour", origin);
    return new InstancePrice(region, type, vcpus, memory, gpus, onDemand, spot, date);
  }

  private static int whole(double value, int min, String field, String origin) {
    if (value != Math.rint(value) || value < min || value > Integer.MAX_VALUE) {
      throw new InvalidValueException(field, "a whole number >= " + min + " in " + origin, value);
    }
    return (int) value;
  }

  private static double positive(double value, String field, String origin) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new InvalidValueException(field, "a positive price in USD per hour in " + origin, value);
    }
    return value;
  }

  private static String text(JsonNode root, String key, String origin) {
    JsonNode value = root.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidValueException("prices." + key, "a non-empty string in " + origin,
          value == null ? null : value.toString());
    }
    return value.asText();
  }

  private static String firstLine(String message) {
    String m = Objects.requireNonNullElse(message, "unreadable");
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }

  private static String abbreviate(String text) {
    String t = text.strip();
    return t.length() <= 40 ? t : t.substring(0, 40) + "...";
  }

  /** The order of sizes within a family, so that lists read large, xlarge, 2xlarge, ..., metal. */
  private static final List<String> SIZE_ORDER = List.of("nano", "micro", "small", "medium", "large", "xlarge");

  static final Comparator<String> INSTANCE_ORDER = Comparator
      .comparing((String type) -> family(type))
      .thenComparingInt(PriceTable::sizeRank)
      .thenComparing(Comparator.naturalOrder());

  private static String family(String type) {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  private static int sizeRank(String type) {
    String size = type.substring(type.indexOf('.') + 1);
    int named = SIZE_ORDER.indexOf(size);
    if (named >= 0) {
      return named;
    }
    if (size.endsWith("xlarge")) {
      try {
        return SIZE_ORDER.size() + Integer.parseInt(size.substring(0, size.length() - "xlarge".length()));
      } catch (NumberFormatException e) {
        return Integer.MAX_VALUE - 1;
      }
    }
    return Integer.MAX_VALUE; // metal and other names after the numbered sizes
  }
}
