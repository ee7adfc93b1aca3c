package com.batchtrain.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagReportFormat;
import java.util.List;
import software.amazon.awscdk.Aspects;
import software.constructs.IConstruct;

/**
 * cdk-nag's AwsSolutions pack over the whole app. Reports land in the cloud assembly directory
 * (cdk.out) as AwsSolutions-&lt;stack&gt;-NagReport.csv and .json.
 */
final class NagChecks {
  private NagChecks() {}

  static void attach(IConstruct app) {
    Aspects.of(app).add(AwsSolutionsChecks.Builder.create()
        .verbose(true)
        .reports(true)
        .reportFormats(List.of(NagReportFormat.CSV, NagReportFormat.JSON))
        .build());
  }
}
