package com.batchtrain.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import software.constructs.IConstruct;

/**
 * The few cfn-lint findings the templates keep on purpose, each ignored in template metadata (so a
 * plain {@code cfn-lint cdk.out/*.template.json} agrees with the test suite) at the narrowest scope
 * cfn-lint offers for it, with the reason here. Everything else cfn-lint reports is fixed instead.
 */
final class CfnLintDirectives {
  /** cfn-lint: "Avoid hardcoding availability zones". */
  static final String HARDCODED_AVAILABILITY_ZONE = "W3010";
  /** cfn-lint: "The output value ... is an import from another output". */
  static final String OUTPUT_OF_IMPORT = "W6001";

  private static final String METADATA_KEY = "cfn-lint";

  private CfnLintDirectives() {}

  /**
   * W3010 on the subnets of a stack with a known account and region, and only there. For such a
   * stack CDK writes the zones it looked up in the account (cached in cdk.context.json) as literals,
   * by design: the subnets stay in the same zones on every synthesis instead of following whatever
   * Fn::GetAZs returns at deploy time. Environment-agnostic stacks use Fn::GetAZs and get no directive.
   */
  static void allowLookedUpAvailabilityZones(IConstruct scope) {
    for (IConstruct child : scope.getNode().findAll()) {
      if (child instanceof CfnSubnet subnet && subnet.getAvailabilityZone() != null
          && !Token.isUnresolved(subnet.getAvailabilityZone())) {
        subnet.addMetadata(METADATA_KEY, ignoreChecks(HARDCODED_AVAILABILITY_ZONE));
      }
    }
  }

  /**
   * W6001 in the Batch stack's template. cfn-lint reads ignore directives only from resources or
   * from the whole template, never from one output; W6001 looks at outputs only, so this covers the
   * Batch stack's outputs and nothing else. It fires on ReadableDataPrefixes, which joins the
   * results bucket name (imported from the storage stack) with the dataSources context: a value
   * the Batch stack composes because its roles' grants define it, not a re-export. The output has
   * no Export, so it creates no chain of exports, and the stack already imports that bucket name.
   */
  static void allowOutputsComposedOfImports(Stack stack) {
    Map<String, Object> metadata = new HashMap<>();
    if (stack.getTemplateOptions().getMetadata() != null) {
      metadata.putAll(stack.getTemplateOptions().getMetadata());
    }
    metadata.put(METADATA_KEY, ignoreChecks(OUTPUT_OF_IMPORT));
    stack.getTemplateOptions().setMetadata(metadata);
  }

  private static Map<String, Object> ignoreChecks(String rule) {
    return Map.of("config", Map.of("ignore_checks", List.of(rule)));
  }
}
