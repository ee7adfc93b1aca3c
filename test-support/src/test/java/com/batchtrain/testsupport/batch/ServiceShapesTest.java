package com.batchtrain.testsupport.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.testsupport.RequiredTool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The emulator's copy of Batch's request shapes is botocore's, and the check refuses what the
 * model refuses. With {@code -Dbatchtrain.shapes.write=true} the first test rewrites the copy in
 * src/main/resources from the installed botocore.
 */
class ServiceShapesTest {
  /** The operations whose requests the emulator checks against the model. */
  static final List<String> OPERATIONS = List.of("RegisterJobDefinition", "DescribeJobDefinitions",
      "DescribeComputeEnvironments", "DescribeJobQueues");
  private static final Set<String> KEPT = Set.of("type", "required", "members", "member", "key", "value", "enum", "min",
      "max", "pattern");

  @Test
  void theEmbeddedShapesAreBotocoresBatchModel() throws Exception {
    Path model = botocoreBatchModel();
    JsonNode full;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(model))) {
      full = ApiShape.JSON.readTree(in);
    }
    ObjectNode expected = closure(full);
    Path resource = Path.of("src/main/resources/com/batchtrain/testsupport/batch", ServiceShapes.RESOURCE);
    if (Boolean.getBoolean("batchtrain.shapes.write")) {
      Files.writeString(resource, ApiShape.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n");
    }
    JsonNode embedded;
    try (InputStream in = ServiceShapes.class.getResourceAsStream(ServiceShapes.RESOURCE)) {
      embedded = ApiShape.JSON.readTree(in);
    }
    assertEquals(expected.get("shapes"), embedded.get("shapes"), "the emulator's shapes differ from " + model
        + ": regenerate with mvn -o -pl test-support test -Dtest=ServiceShapesTest -Dbatchtrain.shapes.write=true");
  }

  @Test
  void requestsAreCheckedMemberByMember() throws Exception {
    ServiceShapes shapes = ServiceShapes.get();
    shapes.validate("RegisterJobDefinitionRequest", json("""
        {"jobDefinitionName": "x", "type": "container", "containerProperties": {"image": "busybox",
         "resourceRequirements": [{"type": "VCPU", "value": "1"}]}, "tags": {"team": "ml"}}"""), "");
    for (String[] bad : new String[][] {
        {"{\"type\": \"container\"}", "jobDefinitionName is required"},
        {"{\"jobDefinitionName\": \"x\", \"type\": \"docker\"}", "type must be one of [\"container\",\"multinode\"], got 'docker'"},
        {"{\"jobDefinitionName\": \"x\", \"type\": \"container\", \"imagee\": \"y\"}", "imagee is not a member of the request"},
        {"{\"jobDefinitionName\": \"x\", \"type\": \"container\", \"containerProperties\": {\"image\": 7}}",
            "containerProperties.image must be a string, got 7"},
        {"{\"jobDefinitionName\": \"x\", \"type\": \"container\", \"containerProperties\": {\"resourceRequirements\": [{\"type\": \"VCPU\"}]}}",
            "containerProperties.resourceRequirements[0].value is required"},
        {"{\"jobDefinitionName\": \"x\", \"type\": \"container\", \"tags\": {}}", "tags must have 1 to 50 entries, got 0"},
        {"{\"jobDefinitionName\": \"x\", \"type\": \"container\", \"propagateTags\": \"yes\"}", "propagateTags must be true or false"}}) {
      BatchApiException e = assertThrows(BatchApiException.class,
          () -> shapes.validate("RegisterJobDefinitionRequest", json(bad[0]), ""), bad[1]);
      assertTrue(e.getMessage().contains(bad[1]), bad[1] + " vs " + e.getMessage());
      assertEquals("ClientException", e.code());
    }
  }

  private static JsonNode json(String text) throws IOException {
    return ApiShape.JSON.readTree(text);
  }

  /** The input shapes of {@link #OPERATIONS} and every shape they reach, with only what a check needs. */
  static ObjectNode closure(JsonNode model) {
    Deque<String> todo = new ArrayDeque<>();
    for (String op : OPERATIONS) {
      todo.add(model.path("operations").path(op).path("input").path("shape").asText());
    }
    TreeMap<String, JsonNode> out = new TreeMap<>();
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (out.containsKey(name)) {
        continue;
      }
      JsonNode shape = model.path("shapes").path(name);
      ObjectNode kept = ApiShape.JSON.createObjectNode();
      shape.fields().forEachRemaining(f -> {
        if (!KEPT.contains(f.getKey())) {
          return;
        }
        switch (f.getKey()) {
          case "members" -> {
            ObjectNode members = kept.putObject("members");
            f.getValue().fields().forEachRemaining(m -> {
              members.putObject(m.getKey()).put("shape", m.getValue().path("shape").asText());
              todo.add(m.getValue().path("shape").asText());
            });
          }
          case "member", "key", "value" -> {
            kept.putObject(f.getKey()).put("shape", f.getValue().path("shape").asText());
            todo.add(f.getValue().path("shape").asText());
          }
          default -> kept.set(f.getKey(), f.getValue());
        }
      });
      out.put(name, kept);
    }
    ObjectNode root = ApiShape.JSON.createObjectNode();
    root.put("source", "botocore data/batch/2016-08-10/service-2.json (Apache-2.0, Amazon.com, Inc.): the input"
        + " shapes of " + String.join(", ", OPERATIONS) + " and the shapes they reach, documentation stripped");
    ObjectNode shapes = root.putObject("shapes");
    out.forEach(shapes::set);
    return root;
  }

  /** botocore's Batch model of the installed Python; skips (fails under CI) when botocore is absent. */
  private static Path botocoreBatchModel() throws IOException, InterruptedException {
    Path python = RequiredTool.onPath("python3", "Python 3 with botocore (pip install botocore)").require();
    Process p = new ProcessBuilder(python.toString(), "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(60, TimeUnit.SECONDS);
    Path model = Path.of(out, "data/batch/2016-08-10/service-2.json.gz");
    if (p.exitValue() != 0 || !Files.isRegularFile(model)) {
      String message = "botocore's Batch model is missing (" + out + "): pip install botocore";
      if (RequiredTool.underCi()) {
        throw new AssertionError("CI=true and " + message);
      }
      org.junit.jupiter.api.Assumptions.abort(message);
    }
    return model;
  }
}
