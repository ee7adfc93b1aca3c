package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StackOutputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * The {@code dataSources} context in the Batch stack: read-only grants on both task roles, their
 * cdk-nag suppressions, and the {@value StackOutputs#READABLE_DATA_PREFIXES} output.
 */
class DataSourcesStackTest {
  private static final String RESULTS_BUCKET = "<results bucket>";
  private static final Set<String> READ_ACTIONS = Set.of("s3:GetObject", "s3:ListBucket");
  private static final List<String> DATA_SOURCE_SIDS = List.of("ReadDataSources", "ListDataSources1",
      "ListDataSources2");

  private static Object partitionArn(String rest) {
    return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), rest)));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statements(Template template, String rolePrefix) {
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
    List<Map<String, Object>> found = policies.entrySet().stream()
        .filter(e -> e.getKey().startsWith("Roles" + rolePrefix + "DefaultPolicy"))
        .map(e -> (Map<String, Object>) ((Map<String, Object>) e.getValue().get("Properties")).get("PolicyDocument"))
        .map(document -> (List<Map<String, Object>>) document.get("Statement"))
        .findFirst().orElseThrow(() -> new AssertionError("no policy of " + rolePrefix));
    return found;
  }

  private static Map<String, Object> bySid(List<Map<String, Object>> statements, String sid) {
    return statements.stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + statements));
  }

  /** A statement with a list of resources compared as a set: the order is the policy minimizer's. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> resourcesAsSet(Map<String, Object> statement) {
    Map<String, Object> copy = new HashMap<>(statement);
    if (copy.get("Resource") instanceof List<?> list) {
      copy.put("Resource", new HashSet<>((List<Object>) list));
    }
    return copy;
  }

  private static void assertReadOnlyDataSourceStatements(Template batch, String role,
      java.util.function.Function<String, Object> arn) {
    List<Map<String, Object>> statements = statements(batch, role);
    assertEquals(resourcesAsSet(Map.of("Sid", "ReadDataSources", "Effect", "Allow", "Action", "s3:GetObject",
            "Resource", List.of(arn.apply(":s3:::shared-datasets/calcloud/*"),
                arn.apply(":s3:::shared-datasets/imagenet/train/*"), arn.apply(":s3:::other.bucket-1/*")))),
        resourcesAsSet(bySid(statements, "ReadDataSources")), role);
    // Both prefixes of one bucket in one statement, limited to listings below them.
    assertEquals(Map.of("Sid", "ListDataSources1", "Effect", "Allow", "Action", "s3:ListBucket",
            "Resource", arn.apply(":s3:::shared-datasets"),
            "Condition", Map.of("StringLike", Map.of("s3:prefix", List.of("calcloud/*", "imagenet/train/*")))),
        bySid(statements, "ListDataSources1"), role);
    // The whole bucket is the source: no s3:prefix condition, which a root listing would not carry.
    assertEquals(Map.of("Sid", "ListDataSources2", "Effect", "Allow", "Action", "s3:ListBucket",
            "Resource", arn.apply(":s3:::other.bucket-1")),
        bySid(statements, "ListDataSources2"), role);
  }

  @Test
  void bothTaskRolesReadEveryDataSource() {
    Template batch = SynthesizedVariant.withDataSources().batch();
    for (String role : List.of("JobRole", "StageRole")) {
      assertReadOnlyDataSourceStatements(batch, role, DataSourcesStackTest::partitionArn);
    }
  }

  @Test
  void withARegionTheArnsCarryThePartitionLiteral() {
    Template batch = SynthesizedVariant.deployed().batch();
    for (String role : List.of("JobRole", "StageRole")) {
      assertReadOnlyDataSourceStatements(batch, role, rest -> "arn:aws" + rest);
    }
  }

  @Test
  void noRoleCanWriteOrDeleteInADataSourceBucket() throws IOException {
    for (SynthesizedVariant variant : List.of(SynthesizedVariant.withDataSources(), SynthesizedVariant.deployed())) {
      Map<String, Map<String, Object>> policies = variant.batch().findResources("AWS::IAM::Policy");
      int grants = 0;
      for (Map<String, Object> policy : policies.values()) {
        for (JsonNode statement : new ObjectMapper().valueToTree(policy).at("/Properties/PolicyDocument/Statement")) {
          String resources = statement.get("Resource").toString();
          if (resources.contains("shared-datasets") || resources.contains("other.bucket-1")) {
            grants++;
            assertEquals("Allow", statement.get("Effect").asText());
            Set<String> actions = new TreeSet<>();
            JsonNode action = statement.get("Action");
            if (action.isArray()) {
              action.forEach(a -> actions.add(a.asText()));
            } else {
              actions.add(action.asText());
            }
            assertTrue(READ_ACTIONS.containsAll(actions), "read-only: " + statement);
            assertTrue(DATA_SOURCE_SIDS.contains(statement.get("Sid").asText()), statement.toString());
          }
        }
      }
      // Three statements on each of the two task roles, none on the execution or instance role.
      assertEquals(6, grants);
    }
  }

  @Test
  void withoutDataSourcesTheRolesGetNoStatementForThem() {
    Template batch = SynthesizedApp.withDefaults().batch();
    for (String role : List.of("JobRole", "StageRole")) {
      for (Map<String, Object> statement : statements(batch, role)) {
        assertFalse(String.valueOf(statement.get("Sid")).contains("DataSources"), statement.toString());
        assertFalse(String.valueOf(statement.get("Resource")).contains(":s3:::"), statement.toString());
      }
    }
  }

  /**
   * Evaluates an output value the way CloudFormation would, with the one import it may hold (the
   * storage stack's bucket name) standing for {@link #RESULTS_BUCKET}; anything else fails.
   */
  @SuppressWarnings("unchecked")
  private static String resolve(Object value, String bucketExport) {
    if (value instanceof String text) {
      return text;
    }
    Map<String, Object> function = (Map<String, Object>) value;
    assertEquals(1, function.size(), function.toString());
    if (function.containsKey("Fn::ImportValue")) {
      assertEquals(bucketExport, function.get("Fn::ImportValue"));
      return RESULTS_BUCKET;
    }
    List<Object> join = (List<Object>) function.get("Fn::Join");
    assertTrue(join != null, "only Fn::Join and the bucket's Fn::ImportValue: " + function);
    List<String> parts = new ArrayList<>();
    for (Object part : (List<Object>) join.get(1)) {
      parts.add(resolve(part, bucketExport));
    }
    return String.join((String) join.get(0), parts);
  }

  /** The export of the storage stack that holds the results bucket's name (its Ref). */
  @SuppressWarnings("unchecked")
  private static String bucketNameExport(Template storage) {
    Map<String, Map<String, Object>> outputs = storage.findOutputs("*");
    List<String> exports = outputs.values().stream()
        .filter(o -> o.containsKey("Export"))
        .filter(o -> o.get("Value") instanceof Map<?, ?> v && String.valueOf(v.get("Ref")).startsWith("ResultsBucket"))
        .map(o -> (String) ((Map<String, Object>) o.get("Export")).get("Name"))
        .toList();
    assertEquals(1, exports.size(), outputs.toString());
    return exports.get(0);
  }

  private static String readablePrefixes(Template batch, Template storage) {
    Map<String, Map<String, Object>> output = batch.findOutputs(StackOutputs.READABLE_DATA_PREFIXES);
    assertEquals(1, output.size(), "output " + StackOutputs.READABLE_DATA_PREFIXES);
    Map<String, Object> only = output.values().iterator().next();
    assertFalse(only.containsKey("Export"), "read by DescribeStacks, not exported");
    return resolve(only.get("Value"), bucketNameExport(storage));
  }

  @Test
  void outputListsTheResultsDataPrefixThenTheDataSources() {
    assertEquals("ReadableDataPrefixes", StackOutputs.READABLE_DATA_PREFIXES);
    SynthesizedVariant variant = SynthesizedVariant.withDataSources();
    assertEquals("s3://" + RESULTS_BUCKET + "/data/,s3://shared-datasets/calcloud/,"
            + "s3://shared-datasets/imagenet/train/,s3://other.bucket-1/",
        readablePrefixes(variant.batch(), variant.template(variant.stacks.storage())));
    SynthesizedVariant deployed = SynthesizedVariant.deployed();
    assertEquals("s3://" + RESULTS_BUCKET + "/data/," + String.join(",", SynthesizedVariant.DATA_SOURCES),
        readablePrefixes(deployed.batch(), deployed.template(deployed.stacks.storage())));
  }

  @Test
  void outputWithoutDataSourcesIsTheResultsDataPrefixAlone() {
    SynthesizedApp defaults = SynthesizedApp.withDefaults();
    assertEquals("s3://" + RESULTS_BUCKET + "/data/", readablePrefixes(defaults.batch(), defaults.storage()));
  }

  @Test
  void synthesisWithDataSourcesReportsNoErrorsOrWarnings() {
    // cdk-nag findings (AwsSolutions-*) included: the new wildcards are all suppressed.
    for (SynthesizedVariant variant : List.of(SynthesizedVariant.withDataSources(), SynthesizedVariant.deployed())) {
      CloudAssembly assembly = variant.assembly;
      for (software.amazon.awscdk.Stack stack : variant.stacks.all()) {
        List<String> messages = assembly.getStackArtifact(stack.getArtifactId()).getMessages().stream()
            .filter(m -> m.getLevel() != SynthesisMessageLevel.INFO)
            .map(m -> m.getLevel() + " " + m.getId() + ": " + m.getEntry().getData())
            .toList();
        assertEquals(List.of(), messages, stack.getStackName());
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void dataSourceSuppressionsListExactlyTheConfiguredArns() {
    for (SynthesizedVariant variant : List.of(SynthesizedVariant.withDataSources(), SynthesizedVariant.deployed())) {
      String partition = variant == SynthesizedVariant.deployed() ? "aws" : "<AWS::Partition>";
      List<String> findings = SynthesizedVariant.DATA_SOURCES.stream()
          .map(uri -> "Resource::arn:" + partition + ":s3:::" + uri.substring("s3://".length()) + "*")
          .toList();
      Map<String, Map<String, Object>> policies = variant.batch().findResources("AWS::IAM::Policy");
      for (String role : List.of("JobRole", "StageRole")) {
        Map<String, Object> policy = policies.entrySet().stream()
            .filter(e -> e.getKey().startsWith("Roles" + role + "DefaultPolicy")).map(Map.Entry::getValue)
            .findFirst().orElseThrow();
        List<Map<String, Object>> rules = (List<Map<String, Object>>)
            ((Map<String, Object>) ((Map<String, Object>) policy.get("Metadata")).get("cdk_nag")).get("rules_to_suppress");
        // Plain strings (exact matches), not a pattern: no other bucket or prefix is covered.
        List<Object> exact = rules.stream()
            .filter(r -> String.valueOf(r.get("reason")).contains("dataSources"))
            .map(r -> r.get("applies_to")).toList();
        assertEquals(List.of(findings), exact, role);
      }
    }
  }

  @Test
  void nagReportShowsEachDataSourceWildcardSuppressedOnBothRoles() throws IOException {
    SynthesizedVariant variant = SynthesizedVariant.withDataSources();
    String stackName = variant.stacks.batch().getStackName();
    JsonNode report = new ObjectMapper().readTree(
        variant.outdir.resolve("AwsSolutions-" + stackName + "-NagReport.json").toFile());
    for (String role : List.of("JobRole", "StageRole")) {
      Set<String> suppressed = new TreeSet<>();
      for (JsonNode line : report.get("lines")) {
        if (line.get("ruleId").asText().equals("AwsSolutions-IAM5")
            && line.get("resourceId").asText().equals(stackName + "/Roles/" + role + "/DefaultPolicy/Resource")) {
          assertEquals("Suppressed", line.get("compliance").asText(), line.toString());
          String reason = line.get("exceptionReason").asText();
          if (reason.contains("dataSources")) {
            suppressed.add(reason.substring(1, reason.indexOf(']')));
          }
        }
      }
      assertEquals(new TreeSet<>(List.of("Resource::arn:<AWS::Partition>:s3:::shared-datasets/calcloud/*",
          "Resource::arn:<AWS::Partition>:s3:::shared-datasets/imagenet/train/*",
          "Resource::arn:<AWS::Partition>:s3:::other.bucket-1/*")), suppressed, role);
    }
  }
}
