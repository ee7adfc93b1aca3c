package com.batchtrain.runtime.command;

import com.batchtrain.contract.CommandContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One line of a command's metrics file: {@code {"epoch": 3, "val_loss": 0.41}}, optionally
 * announcing a checkpoint ({@code "checkpoint": "ckpt-3"}). Numbers are metrics; other members
 * (strings, nested objects) are ignored, so a trainer may log extra context on the same line.
 */
public record MetricLine(OptionalInt epoch, Map<String, Double> metrics, Optional<String> checkpoint) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public MetricLine {
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** A line that is not a metrics line: the reason is logged as a warning and the line skipped. */
  public static final class Malformed extends Exception {
    public Malformed(String reason) {
      super(reason);
    }
  }

  public static MetricLine parse(String line) throws Malformed {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Malformed("not JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new Malformed("not a JSON object");
    }
    OptionalInt epoch = OptionalInt.empty();
    JsonNode e = node.get(CommandContract.EPOCH);
    if (e != null) {
      if (!e.canConvertToInt() || !e.isIntegralNumber() || e.intValue() < 1) {
        throw new Malformed("\"" + CommandContract.EPOCH + "\" must be an integer >= 1, got " + e);
      }
      epoch = OptionalInt.of(e.intValue());
    }
    Optional<String> checkpoint = Optional.empty();
    JsonNode c = node.get(CommandContract.CHECKPOINT);
    if (c != null) {
      if (!c.isTextual() || !CheckpointName.valid(c.textValue())) {
        throw new Malformed("\"" + CommandContract.CHECKPOINT + "\" must name a subdirectory of " + CommandContract.CHECKPOINT_DIR
            + " (letters, digits, '.', '_', '-'), got " + c);
      }
      checkpoint = Optional.of(c.textValue());
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals(CommandContract.EPOCH) || !f.getValue().isNumber()) {
        continue;
      }
      double v = f.getValue().doubleValue();
      if (Double.isFinite(v)) {
        metrics.put(f.getKey(), v);
      }
    }
    if (epoch.isEmpty() && checkpoint.isEmpty()) {
      throw new Malformed("no \"" + CommandContract.EPOCH + "\" (metrics belong to an epoch)");
    }
    return new MetricLine(epoch, metrics, checkpoint);
  }

  /** Names a checkpoint may have: one path element, so an announcement cannot point outside the checkpoint directory. */
  static final class CheckpointName {
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private CheckpointName() {}

    static boolean valid(String name) {
      return NAME.matcher(name).matches() && !name.equals("..");
    }
  }
}
