package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.testsupport.RequiredTool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint (the CloudFormation linter) over the synthesized templates, as a user would run it on
 * cdk.out: no errors and no warnings. The few findings kept on purpose are ignored in the templates
 * themselves ({@link CfnLintDirectives}), so this test passes no rule options.
 */
class CfnLintTest {
  /** cfn-lint takes a few seconds per run here; far more means it hangs. */
  private static final long TIMEOUT_SECONDS = 180;

  private static Path cfnLint() {
    return RequiredTool.onPath("cfn-lint", "pip package cfn-lint (Python 3)").require();
  }

  private record Run(int exitCode, String output) {}

  private static Run lint(Path cfnLint, List<String> options, List<Path> templates)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(cfnLint.toString()));
    command.addAll(options);
    command.add("--");
    templates.forEach(t -> command.add(t.toString()));
    Path log = Files.createTempFile("cfn-lint", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("cfn-lint did not finish in " + TIMEOUT_SECONDS + " s: " + Files.readString(log));
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static List<Path> templates(SynthesizedApp app) {
    return app.stacks.all().stream().map(s -> app.outdir.resolve(s.getTemplateFile())).toList();
  }

  @Test
  void templatesOfTheDefaultAndOfAVariedContextHaveNoErrorsOrWarnings() throws Exception {
    Path cfnLint = cfnLint();
    List<Path> templates = new ArrayList<>(templates(SynthesizedApp.withDefaults()));
    // dataSources with an agnostic environment (AWS::Partition in the new ARNs), and a
    // deployment-like context: an account and region (literal partition and zones), dataSources
    // as a JSON list, other instance types, AMIs, limits, retention and a three-zone VPC.
    templates.addAll(SynthesizedVariant.withDataSources().templateFiles());
    templates.addAll(SynthesizedVariant.deployed().templateFiles());
    assertEquals(12, templates.size());
    templates.forEach(t -> assertTrue(Files.isRegularFile(t), t.toString()));
    long started = System.nanoTime();
    Run run = lint(cfnLint, List.of(), templates);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    String report = "cfn-lint exit " + run.exitCode() + " after " + millis + " ms:\n" + run.output();
    assertEquals(0, run.exitCode(), report);
    assertEquals("", run.output().strip(), report);
  }

  @Test
  void cfnLintReallyReportsWhatADirectiveIgnores() throws Exception {
    // Control: the deployment-like Network template without its directives must report W3010 on
    // each subnet, or the clean run above could pass with cfn-lint not checking anything.
    Path cfnLint = cfnLint();
    SynthesizedVariant deployed = SynthesizedVariant.deployed();
    Path network = deployed.outdir.resolve(deployed.stacks.network().getTemplateFile());
    ObjectMapper json = new ObjectMapper();
    JsonNode template = json.readTree(network.toFile());
    template.get("Resources").forEach(resource -> {
      if (resource.get("Metadata") instanceof ObjectNode metadata) {
        metadata.remove("cfn-lint");
      }
    });
    Path stripped = Files.createTempDirectory("cfn-lint-control").resolve("Network.template.json");
    json.writeValue(stripped.toFile(), template);
    Run run = lint(cfnLint, List.of("--format", "parseable"), List.of(stripped));
    // cfn-lint's exit status is a bit mask; 4 = warnings only.
    assertEquals(4, run.exitCode(), run.output());
    Set<String> rules = new TreeSet<>();
    run.output().lines().filter(l -> !l.isBlank()).forEach(l -> rules.add(l.split(":")[5]));
    assertEquals(Set.of(CfnLintDirectives.HARDCODED_AVAILABILITY_ZONE), rules, run.output());
    assertEquals(3, run.output().lines().filter(l -> l.contains("W3010")).count(), run.output());
  }

  /** Logical id to the checks its cfn-lint metadata ignores, for every resource that has any. */
  private static Map<String, List<String>> resourceDirectives(JsonNode template) {
    Map<String, List<String>> directives = new java.util.TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> resources = template.get("Resources").fields();
    while (resources.hasNext()) {
      Map.Entry<String, JsonNode> resource = resources.next();
      JsonNode checks = resource.getValue().at("/Metadata/cfn-lint/config/ignore_checks");
      if (!checks.isMissingNode()) {
        List<String> ids = new ArrayList<>();
        checks.forEach(c -> ids.add(c.asText()));
        directives.put(resource.getKey(), ids);
      }
    }
    return directives;
  }

  @Test
  void directivesStayNarrow() throws IOException {
    ObjectMapper json = new ObjectMapper();
    SynthesizedApp defaults = SynthesizedApp.withDefaults();
    SynthesizedVariant deployed = SynthesizedVariant.deployed();
    for (software.amazon.awscdk.Stack stack : defaults.stacks.all()) {
      JsonNode template = json.readTree(defaults.outdir.resolve(stack.getTemplateFile()).toFile());
      // Environment-agnostic subnets use Fn::GetAZs: nothing to ignore on any resource.
      assertEquals(Map.of(), resourceDirectives(template), stack.getStackName());
      JsonNode templateLevel = template.at("/Metadata/cfn-lint/config/ignore_checks");
      if (stack == defaults.stacks.batch()) {
        assertEquals(List.of(CfnLintDirectives.OUTPUT_OF_IMPORT), json.convertValue(templateLevel, List.class));
      } else {
        assertTrue(templateLevel.isMissingNode(), stack.getStackName() + ": " + templateLevel);
      }
    }
    // With looked-up zones: W3010 on the subnets, which hold the zones as literals, and nothing else.
    JsonNode network = json.readTree(deployed.outdir.resolve(deployed.stacks.network().getTemplateFile()).toFile());
    Map<String, List<String>> expected = new java.util.TreeMap<>();
    network.get("Resources").fields().forEachRemaining(resource -> {
      if (resource.getValue().get("Type").asText().equals("AWS::EC2::Subnet")) {
        assertTrue(resource.getValue().at("/Properties/AvailabilityZone").isTextual(), resource.toString());
        expected.put(resource.getKey(), List.of(CfnLintDirectives.HARDCODED_AVAILABILITY_ZONE));
      }
    });
    assertEquals(3, expected.size(), "3 zones, one isolated subnet each");
    assertEquals(expected, resourceDirectives(network));
    assertTrue(network.at("/Metadata/cfn-lint").isMissingNode(), "no template-level directive");
  }
}
