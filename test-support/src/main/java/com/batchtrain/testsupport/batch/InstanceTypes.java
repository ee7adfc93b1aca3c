package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each EC2 instance type offers a job (vCPUs, memory, GPUs), from instance-types.json (its
 * source and date are in the file). A compute environment lists types ({@code p3.8xlarge}),
 * families ({@code c6i}: every size) or {@code optimal}; a job fits it when one of those types holds
 * its whole reservation.
 */
final class InstanceTypes {
  /** One instance type's capacity. */
  record Capacity(String type, int vcpus, int memoryMiB, int gpus) {
    boolean holds(int jobVcpus, int jobMemoryMiB, int jobGpus) {
      return jobVcpus <= vcpus && jobMemoryMiB <= memoryMiB && jobGpus <= gpus;
    }
  }

  private static final InstanceTypes TABLE = load();

  private final Map<String, Capacity> types;
  private final List<String> optimalFamilies;

  private InstanceTypes(Map<String, Capacity> types, List<String> optimalFamilies) {
    this.types = types;
    this.optimalFamilies = optimalFamilies;
  }

  static InstanceTypes table() {
    return TABLE;
  }

  /** Every instance type an environment listing {@code entries} may launch; unknown entries fail loudly. */
  List<Capacity> expand(List<String> entries) {
    List<Capacity> out = new ArrayList<>();
    for (String entry : entries) {
      if (entry.equals("optimal")) {
        optimalFamilies.forEach(f -> out.addAll(family(f)));
      } else if (entry.contains(".")) {
        Capacity c = types.get(entry);
        if (c == null) {
          throw new IllegalStateException("instance type " + entry + " is not in the emulator's instance-types.json");
        }
        out.add(c);
      } else {
        List<Capacity> family = family(entry);
        if (family.isEmpty()) {
          throw new IllegalStateException("instance family " + entry + " is not in the emulator's instance-types.json");
        }
        out.addAll(family);
      }
    }
    return out;
  }

  private List<Capacity> family(String family) {
    return types.values().stream().filter(c -> c.type().startsWith(family + ".")).toList();
  }

  private static InstanceTypes load() {
    try (InputStream in = InstanceTypes.class.getResourceAsStream("instance-types.json")) {
      JsonNode doc = ApiShape.JSON.readTree(in);
      Map<String, Capacity> types = new LinkedHashMap<>();
      doc.path("types").fields().forEachRemaining(e -> types.put(e.getKey(), new Capacity(e.getKey(),
          e.getValue().path("vcpus").asInt(), e.getValue().path("memoryMiB").asInt(), e.getValue().path("gpus").asInt())));
      List<String> optimal = new ArrayList<>();
      doc.path("optimal").forEach(f -> optimal.add(f.asText()));
      return new InstanceTypes(types, List.copyOf(optimal));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
