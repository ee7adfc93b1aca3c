package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.amazon.awscdk.services.s3.Bucket;

/** cdk-nag's AwsSolutions pack over the whole app, as {@code cdk synth} runs it. */
class CdkNagTest {
  private static SynthesizedApp synthesized;

  @BeforeAll
  static void synthesize() {
    synthesized = SynthesizedApp.withDefaults();
  }

  @Test
  void noUnsuppressedErrorsOrWarningsInAnyStack() {
    for (software.amazon.awscdk.Stack stack : synthesized.stacks.all()) {
      // The messages of the app's single synthesis are what `cdk synth` prints.
      List<String> findings = synthesized.assembly.getStackArtifact(stack.getArtifactId()).getMessages().stream()
          .filter(m -> m.getLevel() == SynthesisMessageLevel.ERROR || m.getLevel() == SynthesisMessageLevel.WARNING)
          .map(CdkNagTest::describe)
          .filter(text -> text.contains("AwsSolutions-"))
          .toList();
      assertEquals(List.of(), findings, stack.getStackName());
    }
  }

  private static String describe(SynthesisMessage message) {
    return message.getLevel() + " " + message.getId() + ": " + message.getEntry().getData();
  }

  @Test
  void reportsAreWrittenAndHoldNoNonCompliantRule() throws IOException {
    for (software.amazon.awscdk.Stack stack : synthesized.stacks.all()) {
      Path csv = synthesized.outdir.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv");
      Path json = synthesized.outdir.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.json");
      assertTrue(Files.isRegularFile(json), json.toString());
      List<String> rows = Files.readAllLines(csv);
      assertTrue(rows.size() > 1, "report has findings rows: " + csv);
      rows.forEach(row -> assertFalse(row.contains("\"Non-Compliant\""), row));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everySuppressionCarriesAReasonAndIsDocumented() throws IOException {
    Set<String> suppressed = new TreeSet<>();
    for (software.amazon.awscdk.Stack stack : synthesized.stacks.all()) {
      Map<String, Map<String, Object>> resources = templateResources(stack);
      for (Map<String, Object> resource : resources.values()) {
        Map<String, Object> metadata = (Map<String, Object>) resource.getOrDefault("Metadata", Map.of());
        Map<String, Object> nag = (Map<String, Object>) metadata.getOrDefault("cdk_nag", Map.of());
        for (Map<String, Object> rule : (List<Map<String, Object>>) nag.getOrDefault("rules_to_suppress", List.of())) {
          String id = (String) rule.get("id");
          String reason = (String) rule.get("reason");
          assertTrue(reason != null && reason.strip().length() >= 40, id + " needs a written reason: " + reason);
          suppressed.add(id);
        }
      }
    }
    assertEquals(Set.of("AwsSolutions-S1", "AwsSolutions-IAM4", "AwsSolutions-IAM5"), suppressed);
    String docs = Files.readString(CdkJson.repositoryRoot().resolve("docs/infrastructure.md"));
    suppressed.forEach(id -> assertTrue(docs.contains(id), "docs/infrastructure.md lists " + id));
  }

  @Test
  @SuppressWarnings("unchecked")
  void stageRoleWildcardSuppressionCoversDatasetKeysAndItsOwnSweepKeysOnly() {
    // The stage role's IAM5 suppressions must not silently accept another grant on sweeps/ or checkpoints/.
    Map<String, Map<String, Object>> resources = templateResources(synthesized.stacks.batch());
    Map<String, Object> stagePolicy = resources.entrySet().stream()
        .filter(e -> e.getKey().startsWith("RolesStageRoleDefaultPolicy"))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
    Map<String, Object> nag = (Map<String, Object>) ((Map<String, Object>) stagePolicy.get("Metadata")).get("cdk_nag");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) nag.get("rules_to_suppress");
    assertEquals(Set.of("AwsSolutions-IAM5"), rules.stream().map(r -> r.get("id")).collect(java.util.stream.Collectors.toSet()));
    // cdk-nag takes JavaScript regex literals; their bodies are also valid Java patterns.
    List<Pattern> patterns = rules.stream()
        .flatMap(r -> ((List<Map<String, Object>>) r.get("applies_to")).stream())
        .map(a -> (String) a.get("regex"))
        .map(regex -> Pattern.compile(regex.substring(1, regex.lastIndexOf('/'))))
        .toList();
    String bucket = "Resource::<ResultsBucketA95A2103.Arn>";
    for (String allowed : List.of("/data/*", "/sweeps/*/trials.json", "/sweeps/*/stage/*")) {
      assertTrue(patterns.stream().anyMatch(p -> p.matcher(bucket + allowed).matches()), allowed + " " + patterns);
    }
    for (String other : List.of("/sweeps/*", "/sweeps/*/trials/*", "/checkpoints/*", "/*", "/data/*/../sweeps/*")) {
      assertFalse(patterns.stream().anyMatch(p -> p.matcher(bucket + other).matches()),
          other + " must stay a finding: " + patterns);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void driverRoleWildcardSuppressionsCoverItsOwnGrantsOnly() {
    // A grant the driver role gains beyond sweeps/, its trial definitions and jobs must stay a finding.
    Map<String, Map<String, Object>> resources = templateResources(synthesized.stacks.batch());
    Map<String, Object> driverPolicy = resources.entrySet().stream()
        .filter(e -> e.getKey().startsWith("RolesDriverRoleDefaultPolicy"))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
    Map<String, Object> nag = (Map<String, Object>) ((Map<String, Object>) driverPolicy.get("Metadata")).get("cdk_nag");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) nag.get("rules_to_suppress");
    assertEquals(Set.of("AwsSolutions-IAM5"), rules.stream().map(r -> r.get("id")).collect(java.util.stream.Collectors.toSet()));
    List<Object> appliesTo = rules.stream().flatMap(r -> ((List<Object>) r.get("applies_to")).stream()).toList();
    List<Pattern> patterns = appliesTo.stream().filter(a -> a instanceof Map<?, ?>)
        .map(a -> (String) ((Map<String, Object>) a).get("regex"))
        .map(regex -> Pattern.compile(regex.substring(1, regex.lastIndexOf('/'))))
        .toList();
    List<String> exact = appliesTo.stream().filter(a -> a instanceof String).map(a -> (String) a).toList();
    assertEquals(List.of("Resource::*"), exact);
    String bucket = "Resource::<ResultsBucketA95A2103.Arn>";
    String agnostic = "Resource::arn:<AWS::Partition>:batch:<AWS::Region>:<AWS::AccountId>:";
    String deployed = "Resource::arn:aws:batch:eu-west-1:123456789012:";
    List<String> allowed = List.of(bucket + "/sweeps/*", agnostic + "job/*", deployed + "job/*",
        agnostic + "job-definition/BatchTrain-cpu-trial:*", agnostic + "job-definition/BatchTrain-gpu-trial-image-*:*",
        deployed + "job-definition/Team-B-cpu-trial:*");
    for (String finding : allowed) {
      assertTrue(patterns.stream().anyMatch(p -> p.matcher(finding).matches()), finding + " " + patterns);
    }
    for (String other : List.of(bucket + "/data/*", bucket + "/checkpoints/*", bucket + "/*",
        agnostic + "job-definition/*", agnostic + "job-definition/BatchTrain-stage:*",
        agnostic + "job-definition/BatchTrain-gpu-node:*", agnostic + "job-definition/BatchTrain-driver:*",
        agnostic + "job-queue/*", agnostic + "compute-environment/*", "Resource::arn:aws:s3:::other/*")) {
      assertFalse(patterns.stream().anyMatch(p -> p.matcher(other).matches()), other + " must stay a finding: " + patterns);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> templateResources(software.amazon.awscdk.Stack stack) {
    return (Map<String, Map<String, Object>>) synthesized.template(stack).toJSON().get("Resources");
  }

  @Test
  void theChecksReallyFlagANonCompliantResource() {
    // Control: the same aspect over a bucket without TLS enforcement or access logs must report it,
    // or the zero-findings test above would pass vacuously.
    App control = new App(AppProps.builder().outdir(tempDir()).build());
    software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(control, "NagControl");
    new Bucket(stack, "Plain");
    NagChecks.attach(control);
    control.synth();
    List<SynthesisMessage> errors = Annotations.fromStack(stack)
        .findError("*", Match.stringLikeRegexp("AwsSolutions-S(1|10):.*"));
    assertEquals(2, errors.size(), errors.stream().map(CdkNagTest::describe).toList().toString());
  }

  private static String tempDir() {
    try {
      return Files.createTempDirectory("nag-control").toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
