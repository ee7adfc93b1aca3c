package com.batchtrain.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Synthesizes the infra app the way {@code cdk synth} does: it runs cdk.json's "app" command
 * (scripts/cdk-app) with the CLI's two inputs, CDK_OUTDIR and CDK_CONTEXT_JSON (cdk.json's context
 * with the caller's {@code -c} values on top).
 */
final class CloudAssemblies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudAssemblies() {}

  static Path synth(Path root, Path outDir, Map<String, Object> context) throws IOException, InterruptedException {
    ObjectNode cdkJson = (ObjectNode) JSON.readTree(root.resolve("cdk.json").toFile());
    ObjectNode merged = ((ObjectNode) cdkJson.get("context")).deepCopy();
    context.forEach((k, v) -> merged.set(k, JSON.valueToTree(v)));
    Files.createDirectories(outDir);
    Path log = outDir.resolveSibling(outDir.getFileName() + ".log");
    ProcessBuilder pb = new ProcessBuilder(root.resolve(cdkJson.get("app").asText()).toString())
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("CDK_OUTDIR", outDir.toString());
    pb.environment().put("CDK_CONTEXT_JSON", JSON.writeValueAsString(merged));
    Process p = pb.start();
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("cdk synth (" + cdkJson.get("app").asText() + ") still running after 600 s");
    }
    if (p.exitValue() != 0 || !Files.exists(outDir.resolve("manifest.json"))) {
      throw new IllegalStateException("cdk synth exited " + p.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return outDir;
  }
}
