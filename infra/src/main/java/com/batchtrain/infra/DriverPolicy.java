package com.batchtrain.infra;

import com.batchtrain.contract.JobTags;
import com.batchtrain.contract.ResultsLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * The grants of the driver job's role: exactly the calls {@code invoke-jobs drive --backend aws
 * --results s3://<bucket>/} makes, and nothing of EFS, ECR, datasets or checkpoints.
 * <ul>
 *   <li>S3: GetObject/PutObject below sweeps/ (sweep.json, the trials file, manifests, the journal,
 *       whose entries are conditional PutObjects, If-None-Match: *), ListBucket only for listings below
 *       sweeps/; no DeleteObject: the driver never deletes;
 *   <li>SubmitJob: the trial job definitions (every revision, and the per-image copies the CLI
 *       registers for a command trainer's own image) on the stack's queues;
 *   <li>TagResource on jobs, only for the sweep tag: SubmitJob with tags needs it;
 *   <li>TerminateJob/CancelJob only on jobs that carry the sweep tag;
 *   <li>DescribeJobs/ListJobs, and DescribeJobQueues/DescribeComputeEnvironments (what the queues' environments
 *       launch, which a sweep's max_cost is priced by), on '*': they have no resource-level permissions.
 * </ul>
 */
final class DriverPolicy {
  /**
   * How the CLI names the copy of a trial definition that runs a command trainer's own image:
   * {@code <definition name>-image-<hash>} (ImageJobDefinitions.name in invoke-jobs).
   */
  static final String IMAGE_COPY_INFIX = "-image-";

  private DriverPolicy() {}

  static void grant(Role role, IBucket results, JobRoles.DriverTargets targets) {
    String sweeps = ResultsLayout.SWEEPS_PREFIX + "*";
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadWriteSweeps")
        .actions(List.of("s3:GetObject", "s3:PutObject"))
        .resources(List.of(results.arnForObjects(sweeps)))
        .build());
    // Also what makes S3 answer 404, not 403, for a missing key below sweeps/ (the journal's next
    // entry is read until there is none): S3 evaluates this grant with the key as s3:prefix.
    role.addToPolicy(JobRoles.listPrefixes("ListSweeps", results, sweeps));

    List<String> submitTo = new ArrayList<>(targets.jobQueueArns());
    for (String name : targets.trialDefinitionNames()) {
      // Every revision of the definition: the stack's output names one revision, a redeploy another.
      submitTo.add(jobDefinitionArn(role, name + ":*"));
      submitTo.add(jobDefinitionArn(role, name + IMAGE_COPY_INFIX + "*:*"));
    }
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("SubmitTrials")
        .actions(List.of("batch:SubmitJob"))
        .resources(submitTo)
        .build());
    // SubmitJob with tags is also authorized as TagResource on the new job: only the sweep tag, and
    // never without it, so every job the driver creates can be found and stopped by that tag.
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("TagTrialsWithTheirSweep")
        .actions(List.of("batch:TagResource"))
        .resources(List.of(jobArn(role)))
        .conditions(Map.of(
            "Null", Map.of("aws:RequestTag/" + JobTags.SWEEP, "false"),
            "ForAllValues:StringEquals", Map.of("aws:TagKeys", JobTags.SWEEP)))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("StopSweepJobs")
        .actions(List.of("batch:CancelJob", "batch:TerminateJob"))
        .resources(List.of(jobArn(role)))
        .conditions(Map.of("Null", Map.of("aws:ResourceTag/" + JobTags.SWEEP, "false")))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadJobs")
        .actions(List.of("batch:DescribeComputeEnvironments", "batch:DescribeJobQueues", "batch:DescribeJobs",
            "batch:ListJobs"))
        .resources(List.of("*"))
        .build());
  }

  private static String jobDefinitionArn(Role role, String nameAndRevision) {
    return batchArn(role, "job-definition", nameAndRevision);
  }

  /** Any job of this account and region: job ids are Batch's, known only after SubmitJob. */
  private static String jobArn(Role role) {
    return batchArn(role, "job", "*");
  }

  private static String batchArn(Role role, String resource, String name) {
    return Stack.of(role).formatArn(ArnComponents.builder()
        .service("batch")
        .resource(resource)
        .resourceName(name)
        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
        .build());
  }
}
