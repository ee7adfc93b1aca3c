package com.batchtrain.testsupport.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A docker-save image archive (what {@code jib:buildTar} writes), extracted into a directory:
 * its config (entrypoint, user, env) and its layers, named by the history comments Jib writes.
 */
public final class ImageArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One filesystem layer: its name from the image history, diff id, and archive file. */
  public record Layer(String name, String diffId, Path file) {
    public List<TarEntry> entries() {
      return TarEntry.list(file);
    }

    public Optional<TarEntry> entry(String path) {
      return entries().stream().filter(e -> e.path().equals(path)).findFirst();
    }
  }

  private final Path dir;
  private final JsonNode config;
  private final List<Layer> layers;

  private ImageArchive(Path dir, JsonNode config, List<Layer> layers) {
    this.dir = dir;
    this.config = config;
    this.layers = layers;
  }

  /** Extracts {@code archive} into {@code dir} (emptied first) and reads it. */
  public static ImageArchive extract(Path archive, Path dir) throws IOException, InterruptedException {
    FileTrees.deleteRecursively(dir);
    Files.createDirectories(dir);
    Commands.run(List.of("tar", "-xf", archive.toString(), "-C", dir.toString()));
    JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
    JsonNode config = JSON.readTree(dir.resolve(manifest.get("Config").asText()).toFile());

    List<String> names = new ArrayList<>();
    for (JsonNode h : config.get("history")) {
      if (!h.path("empty_layer").asBoolean(false)) {
        names.add(h.path("comment").asText(h.path("created_by").asText()));
      }
    }
    JsonNode diffIds = config.get("rootfs").get("diff_ids");
    JsonNode files = manifest.get("Layers");
    if (names.size() != files.size() || diffIds.size() != files.size()) {
      throw new IllegalStateException("history, diff_ids and layers disagree in " + archive);
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      layers.add(new Layer(names.get(i), diffIds.get(i).asText(), dir.resolve(files.get(i).asText())));
    }
    return new ImageArchive(dir, config, List.copyOf(layers));
  }

  public Path dir() {
    return dir;
  }

  public List<Layer> layers() {
    return layers;
  }

  public Layer layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no layer '" + name + "' in " + layerNames()));
  }

  public List<String> layerNames() {
    return layers.stream().map(Layer::name).toList();
  }

  /** Layer name to diff id (the digest of the uncompressed layer), in image order. */
  public Map<String, String> diffIdsByName() {
    Map<String, String> m = new LinkedHashMap<>();
    layers.forEach(l -> m.put(l.name(), l.diffId()));
    return m;
  }

  public String created() {
    return config.path("created").asText();
  }

  public List<String> entrypoint() {
    return strings(config.get("config").get("Entrypoint"));
  }

  public List<String> cmd() {
    return strings(config.get("config").get("Cmd"));
  }

  public String user() {
    return config.get("config").path("User").asText();
  }

  public String workingDir() {
    return config.get("config").path("WorkingDir").asText("/");
  }

  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String kv : strings(config.get("config").get("Env"))) {
      int eq = kv.indexOf('=');
      env.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return env;
  }

  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    config.get("config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
