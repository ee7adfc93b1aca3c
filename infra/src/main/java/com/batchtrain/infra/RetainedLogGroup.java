package com.batchtrain.infra;

import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/** Log groups whose retention is a number of days from context, not a CDK enum constant. */
final class RetainedLogGroup {
  private RetainedLogGroup() {}

  /**
   * @param days one of {@link InfraConfig#LOG_RETENTION_VALUES}, already validated by the config
   */
  static LogGroup create(Construct scope, String id, String name, int days) {
    LogGroup.Builder builder = LogGroup.Builder.create(scope, id);
    if (name != null) {
      builder.logGroupName(name);
    }
    LogGroup group = builder.build();
    ((CfnLogGroup) group.getNode().getDefaultChild()).setRetentionInDays(days);
    return group;
  }
}
