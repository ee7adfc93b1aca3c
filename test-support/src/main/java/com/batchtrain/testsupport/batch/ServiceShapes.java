package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request shapes of Batch operations as botocore's service model ({@code batch/2016-08-10/service-2.json})
 * defines them, and a check of a request against them: members the shape does not have, required
 * members, JSON types, enums, and min/max of strings, lists, maps and numbers. The shapes live in
 * {@code batch-shapes.json} next to this class: the closure of the operations' input shapes with the
 * documentation stripped ({@code ServiceShapesTest} compares it with the installed botocore and
 * regenerates it). botocore's model is Apache-2.0 licensed (Amazon.com, Inc.).
 *
 * <p>What the model cannot say (a container job needs an image, a mount point names a declared
 * volume) is checked by the operation's own validator.
 */
final class ServiceShapes {
  static final String RESOURCE = "batch-shapes.json";
  private static ServiceShapes instance;

  private final JsonNode shapes;

  private ServiceShapes(JsonNode shapes) {
    this.shapes = shapes;
  }

  static synchronized ServiceShapes get() {
    if (instance == null) {
      try (InputStream in = ServiceShapes.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        instance = new ServiceShapes(ApiShape.JSON.readTree(in).path("shapes"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** Whether the model has {@code shape}. */
  boolean has(String shape) {
    return shapes.has(shape);
  }

  /** Checks {@code value} against {@code shape}; a mismatch is a {@code ClientException} naming the member's path. */
  void validate(String shape, JsonNode value, String path) {
    JsonNode s = shapes.get(shape);
    if (s == null) {
      throw new IllegalStateException("no shape " + shape + " in " + RESOURCE);
    }
    String type = s.path("type").asText();
    switch (type) {
      case "structure" -> structure(s, value, path);
      case "list" -> {
        expect(value.isArray(), path, "a list", value);
        bounds(s, value.size(), path, "entries");
        int i = 0;
        for (JsonNode element : value) {
          validate(s.path("member").path("shape").asText(), element, path + "[" + i++ + "]");
        }
      }
      case "map" -> {
        expect(value.isObject(), path, "a map", value);
        bounds(s, value.size(), path, "entries");
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
          Map.Entry<String, JsonNode> e = entries.next();
          validate(s.path("key").path("shape").asText(), ApiShape.JSON.getNodeFactory().textNode(e.getKey()),
              path + " key '" + e.getKey() + "'");
          validate(s.path("value").path("shape").asText(), e.getValue(), path + "." + e.getKey());
        }
      }
      case "string" -> {
        expect(value.isTextual(), path, "a string", value);
        String text = value.asText();
        if (s.has("enum")) {
          boolean known = false;
          for (JsonNode option : s.get("enum")) {
            known |= option.asText().equals(text);
          }
          if (!known) {
            throw BatchApiException.client(path + " must be one of " + s.get("enum") + ", got '" + text + "'");
          }
        }
        bounds(s, text.length(), path, "characters");
        if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(text).matches()) {
          throw BatchApiException.client(path + " '" + text + "' does not match " + s.get("pattern").asText());
        }
      }
      case "integer", "long" -> {
        expect(value.isIntegralNumber(), path, "an integer", value);
        if (s.has("min") && value.asLong() < s.get("min").asLong() || s.has("max") && value.asLong() > s.get("max").asLong()) {
          throw BatchApiException.client(path + " must be between " + s.path("min").asText("-") + " and "
              + s.path("max").asText("-") + ", got " + value.asLong());
        }
      }
      case "float", "double" -> expect(value.isNumber(), path, "a number", value);
      case "boolean" -> expect(value.isBoolean(), path, "true or false", value);
      case "timestamp" -> expect(value.isNumber() || value.isTextual(), path, "a timestamp", value);
      default -> throw new IllegalStateException("shape " + shape + " has type " + type + ", which this check does not know");
    }
  }

  private void structure(JsonNode s, JsonNode value, String path) {
    expect(value.isObject(), path, "an object", value);
    JsonNode members = s.path("members");
    for (JsonNode required : s.path("required")) {
      if (!value.hasNonNull(required.asText())) {
        throw BatchApiException.client(join(path, required.asText()) + " is required");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!members.has(f.getKey())) {
        throw BatchApiException.client(join(path, f.getKey()) + " is not a member of " + (path.isEmpty() ? "the request"
            : path) + " (the Batch API knows " + fieldNames(members) + ")");
      }
      if (!f.getValue().isNull()) {
        validate(members.get(f.getKey()).path("shape").asText(), f.getValue(), join(path, f.getKey()));
      }
    }
  }

  private static void bounds(JsonNode s, long size, String path, String unit) {
    if (s.has("min") && size < s.get("min").asLong() || s.has("max") && size > s.get("max").asLong()) {
      throw BatchApiException.client(path + " must have " + (s.has("min") ? s.get("min").asLong() : 0) + " to "
          + (s.has("max") ? Long.toString(s.get("max").asLong()) : "any number of") + " " + unit + ", got " + size);
    }
  }

  private static void expect(boolean ok, String path, String what, JsonNode value) {
    if (!ok) {
      throw BatchApiException.client(path + " must be " + what + ", got " + value);
    }
  }

  private static String join(String path, String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  private static String fieldNames(JsonNode members) {
    StringBuilder sb = new StringBuilder();
    members.fieldNames().forEachRemaining(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n));
    return sb.toString();
  }
}
