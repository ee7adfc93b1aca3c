package com.batchtrain.testsupport.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A synthesized CDK cloud assembly (what {@code cdk synth} writes to cdk.out): its CloudFormation
 * stacks, in the order {@code cdk deploy --all} deploys them (dependencies first).
 */
public final class CloudAssembly {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STACK_TYPE = "aws:cloudformation:stack";

  /** One stack artifact: its name, its template, the stacks it depends on. */
  public record StackArtifact(String name, JsonNode template, List<String> dependencies) {}

  private final Path dir;
  private final List<StackArtifact> stacks;

  private CloudAssembly(Path dir, List<StackArtifact> stacks) {
    this.dir = dir;
    this.stacks = List.copyOf(stacks);
  }

  /** Reads {@code dir}/manifest.json and every stack template it names. */
  public static CloudAssembly read(Path dir) {
    try {
      JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
      Map<String, StackArtifact> byName = new LinkedHashMap<>();
      manifest.path("artifacts").fields().forEachRemaining(e -> {
        JsonNode artifact = e.getValue();
        if (!STACK_TYPE.equals(artifact.path("type").asText())) {
          return;
        }
        String name = artifact.path("properties").path("stackName").asText(e.getKey());
        Path template = dir.resolve(artifact.path("properties").path("templateFile").asText());
        List<String> deps = new ArrayList<>();
        artifact.path("dependencies").forEach(d -> deps.add(d.asText()));
        try {
          byName.put(e.getKey(), new StackArtifact(name, JSON.readTree(Files.readString(template)), deps));
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot read template " + template, ex);
        }
      });
      return new CloudAssembly(dir, deploymentOrder(byName));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cloud assembly in " + dir + " (run cdk synth)", e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The stacks, each after the stacks it depends on. */
  public List<StackArtifact> stacks() {
    return stacks;
  }

  private static List<StackArtifact> deploymentOrder(Map<String, StackArtifact> byArtifactId) {
    List<StackArtifact> ordered = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (String id : byArtifactId.keySet()) {
      visit(id, byArtifactId, done, new LinkedHashSet<>(), ordered);
    }
    return ordered;
  }

  private static void visit(String id, Map<String, StackArtifact> all, Set<String> done, Set<String> path,
      List<StackArtifact> ordered) {
    if (done.contains(id) || !all.containsKey(id)) {
      return; // asset manifests and the tree are dependencies too, but no stacks
    }
    if (!path.add(id)) {
      throw new IllegalStateException("stack dependency cycle through " + path);
    }
    for (String dep : all.get(id).dependencies()) {
      visit(dep, all, done, path, ordered);
    }
    path.remove(id);
    done.add(id);
    ordered.add(all.get(id));
  }
}
