package com.batchtrain.infra;

import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StackOutputs;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.batch.IComputeEnvironment;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.JobStateTimeLimitAction;
import software.amazon.awscdk.services.batch.JobStateTimeLimitActionsAction;
import software.amazon.awscdk.services.batch.JobStateTimeLimitActionsReason;
import software.amazon.awscdk.services.batch.JobStateTimeLimitActionsState;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/** Compute environments, the four job queues of {@link QueueChoice}, and the job definitions. */
public final class BatchStack extends Stack {
  /** On-demand queues outrank the spot queues that fall back onto the same on-demand environment. */
  static final int ON_DEMAND_PRIORITY = 20;
  static final int SPOT_PRIORITY = 10;

  /** Inputs of the Batch stack. */
  public record Props(StackProps stack, String stackPrefix, BatchSettings settings, NetworkResources network,
      StorageResources storage, IRepository repository) {}

  public BatchStack(Construct scope, String id, Props props) {
    super(scope, id, props.stack());
    BatchSettings settings = props.settings();
    ComputeFleet fleet = new ComputeFleet(this, "Compute", settings, props.network());
    LogGroup logs = RetainedLogGroup.create(this, "JobLogs", "/batchtrain/" + props.stackPrefix() + "/jobs",
        settings.logRetentionDays());
    // The queues first: the driver role may submit trials to them.
    Map<QueueChoice, JobQueue> queues = new EnumMap<>(QueueChoice.class);
    for (QueueChoice choice : QueueChoice.values()) {
      queues.put(choice, queue(choice, props.stackPrefix(), settings, fleet));
    }
    JobRoles roles = new JobRoles(this, "Roles", props.storage(), props.repository(), logs,
        settings.dataSources(), new JobRoles.DriverTargets(
            queues.values().stream().map(JobQueue::getJobQueueArn).toList(),
            JobDefinitions.driverTrialDefinitions(props.stackPrefix())));
    JobDefinitions definitions = new JobDefinitions(this, "JobDefinitions",
        new JobDefinitions.Shared(settings, props.stackPrefix(), props.storage(), props.repository(), logs,
            roles));

    queues.forEach((choice, queue) -> CfnOutput.Builder.create(this, choice.outputKey()).value(queue.getJobQueueArn())
        .description("ARN of the '" + choice.id() + "' job queue").build());
    output(StackOutputs.CPU_TRIAL_JOB_DEFINITION, definitions.cpuTrial(), "CPU trial");
    output(StackOutputs.GPU_TRIAL_JOB_DEFINITION, definitions.gpuTrial(), "GPU trial (1 GPU)");
    output(StackOutputs.GPU_NODE_JOB_DEFINITION, definitions.gpuNode(), "GPU node (all GPUs of an instance)");
    output(StackOutputs.STAGE_JOB_DEFINITION, definitions.stage(), "dataset staging (fills the /static cache)");
    output(StackOutputs.DRIVER_JOB_DEFINITION, definitions.driver(),
        "sweep driver (drive; Batch parameter 'sweep'; submit it to the '" + QueueChoice.CPU.id() + "' queue)");
    CfnOutput.Builder.create(this, StackOutputs.READABLE_DATA_PREFIXES)
        .value(readableDataPrefixes(props.storage(), settings.dataSources()))
        .description("Comma-separated s3:// prefixes the job roles can read datasets from: data/ of the results "
            + "bucket, then the dataSources context")
        .build();
    suppressFindings(fleet, roles);
  }

  /** {@code s3://<results bucket>/data/}, then every data source, joined with ','. */
  private static String readableDataPrefixes(StorageResources storage, List<DataSource> dataSources) {
    List<String> uris = new ArrayList<>();
    uris.add("s3://" + storage.results().getBucketName() + "/" + ResultsLayout.DATA_PREFIX);
    dataSources.forEach(d -> uris.add(d.uri()));
    return String.join(",", uris);
  }

  private JobQueue queue(QueueChoice choice, String prefix, BatchSettings settings, ComputeFleet fleet) {
    // A spot queue places jobs on spot first and falls back to on-demand when spot has no capacity.
    List<IComputeEnvironment> order = switch (choice) {
      case CPU -> List.of(fleet.cpu());
      case CPU_SPOT -> List.of(fleet.cpuSpot(), fleet.cpu());
      case GPU -> List.of(fleet.gpu());
      case GPU_SPOT -> List.of(fleet.gpuSpot(), fleet.gpu());
    };
    List<OrderedComputeEnvironment> ordered = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      ordered.add(OrderedComputeEnvironment.builder().computeEnvironment(order.get(i)).order(i + 1).build());
    }
    boolean spot = choice == QueueChoice.CPU_SPOT || choice == QueueChoice.GPU_SPOT;
    return JobQueue.Builder.create(this, queueId(choice))
        .jobQueueName(prefix + "-" + choice.id())
        .priority(spot ? SPOT_PRIORITY : ON_DEMAND_PRIORITY)
        .computeEnvironments(ordered)
        // A job no instance type can ever be found for (e.g. no p3 capacity in the region) would
        // otherwise wait RUNNABLE forever and block the queue behind it.
        .jobStateTimeLimitActions(List.of(JobStateTimeLimitAction.builder()
            .state(JobStateTimeLimitActionsState.RUNNABLE)
            .reason(JobStateTimeLimitActionsReason.INSUFFICIENT_INSTANCE_CAPACITY)
            .action(JobStateTimeLimitActionsAction.CANCEL)
            .maxTime(Duration.seconds(settings.runnableTimeoutSeconds()))
            .build()))
        .build();
  }

  private static String queueId(QueueChoice choice) {
    return switch (choice) {
      case CPU -> "CpuQueue";
      case CPU_SPOT -> "CpuSpotQueue";
      case GPU -> "GpuQueue";
      case GPU_SPOT -> "GpuSpotQueue";
    };
  }

  private void output(String key, EcsJobDefinition definition, String what) {
    CfnOutput.Builder.create(this, key).value(definition.getJobDefinitionArn())
        .description("ARN of the " + what + " job definition").build();
  }

  private void suppressFindings(ComputeFleet fleet, JobRoles roles) {
    NagSuppressions.addResourceSuppressions(fleet, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM4")
        .reason("AmazonEC2ContainerServiceforEC2Role is the policy AWS maintains for the ECS agent on "
            + "Batch nodes; it tracks the agent's API needs across AMI releases, which a copy would not.")
        .appliesTo(List.of(RegexAppliesTo.builder()
            .regex("/^Policy::arn:<AWS::Partition>:iam::aws:policy\\/service-role\\/"
                + "AmazonEC2ContainerServiceforEC2Role$/")
            .build()))
        .build()), true);
    NagSuppressions.addResourceSuppressions(roles.executionRole(), List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("ecr:GetAuthorizationToken has no resource-level permissions: IAM accepts it only on "
            + "'*'. The pull actions themselves are limited to the trainer repository.")
        .appliesTo(List.of("Resource::*"))
        .build()), true);
    suppressObjectWildcards(roles.jobRole(), "Object keys under data/, sweeps/ and checkpoints/ are named per "
        + "dataset, sweep and trial at run time; the wildcard is limited to those prefixes of the one results bucket.",
        "data|sweeps|checkpoints");
    // Only data/: a wildcard the stage role gained on any other prefix stays an unsuppressed finding.
    suppressObjectWildcards(roles.stageRole(), "Dataset object keys under data/ are named per dataset at run time "
        + "and the stage job copies whichever dataset a sweep names; the wildcard is limited to data/ of the one "
        + "results bucket.", "data");
    NagSuppressions.addResourceSuppressions(roles.stageRole(), List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Sweep ids are chosen at submission: the stage job reads the trials file of the sweep it stages for "
            + "(sweeps/*/trials.json, nothing else there) and writes only its own failure records (sweeps/*/stage/*), "
            + "in the one results bucket.")
        .appliesTo(List.of(RegexAppliesTo.builder()
            .regex("/^Resource::<?[-\\w:.]*ResultsBucket\\w*[.:]?\\w*Arn\\w*>?\\/sweeps\\/\\*\\/(trials\\.json|stage\\/\\*)$/")
            .build()))
        .build()), true);
    suppressDriverFindings(roles.driverRole());
    List<String> dataSourceFindings = roles.dataSourceNagFindings();
    if (!dataSourceFindings.isEmpty()) {
      // Exact strings, not a pattern: each one is a configured s3://bucket/prefix/ plus its trailing '*'.
      NagPackSuppression readDataSources = NagPackSuppression.builder()
          .id("AwsSolutions-IAM5")
          .reason("Dataset keys below each configured dataSources prefix are named per dataset at run time; "
              + "the grant is s3:GetObject only and the wildcard is the one trailing '*' of each configured "
              + "s3://bucket/prefix/, listed here exactly.")
          .appliesTo(List.copyOf(dataSourceFindings))
          .build();
      NagSuppressions.addResourceSuppressions(roles.jobRole(), List.of(readDataSources), true);
      NagSuppressions.addResourceSuppressions(roles.stageRole(), List.of(readDataSources), true);
    }
  }

  /**
   * The driver role's IAM5 findings, each pattern matching one kind of grant only, so that a wildcard
   * the role gains elsewhere stays a finding.
   */
  private static void suppressDriverFindings(Role driverRole) {
    suppressObjectWildcards(driverRole, "Sweep ids are chosen at submission: the driver reads and writes the records of "
        + "the sweep it drives below sweeps/ (sweep.json, trials file, journal, manifests), nothing else of the one "
        + "results bucket.", "sweeps");
    // The ARN renders with <AWS::Partition>/<AWS::Region>/<AWS::AccountId> in an environment-agnostic
    // stack, or with the literals of a stack that has an account and region.
    String arn = "arn:[-\\w<>:]*:batch:[-\\w<>:]*:[\\w<>:]*:";
    NagSuppressions.addResourceSuppressions(driverRole, List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-IAM5")
            .reason("SubmitJob names a job definition revision: every revision of the CPU and GPU trial definitions "
                + "(a redeploy registers a new one) and of the copies the CLI registers for a command trainer's own "
                + "image (<definition>-image-<hash>); no other definition.")
            .appliesTo(List.of(RegexAppliesTo.builder()
                .regex("/^Resource::" + arn + "job-definition\\/[-\\w]+-(cpu|gpu)-trial(-image-\\*)?:\\*$/")
                .build()))
            .build(),
        NagPackSuppression.builder()
            .id("AwsSolutions-IAM5")
            .reason("Job ids are Batch's, known only once a job exists: tagging (at SubmitJob) is limited to the "
                + "sweep tag by aws:RequestTag/aws:TagKeys, and cancel/terminate to jobs carrying that tag "
                + "(aws:ResourceTag).")
            .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::" + arn + "job\\/\\*$/").build()))
            .build(),
        NagPackSuppression.builder()
            .id("AwsSolutions-IAM5")
            .reason("batch:DescribeJobs, ListJobs, DescribeJobQueues and DescribeComputeEnvironments have no "
                + "resource-level permissions: IAM accepts them only on '*'. All are read-only; the driver lists its "
                + "sweep's trials by queue and job name, and prices them by what the queues' environments launch.")
            .appliesTo(List.of("Resource::*"))
            .build()), true);
  }

  /** IAM5 for {@code <results bucket ARN>/<prefix>/*} resources of the role, and for those prefixes only. */
  private static void suppressObjectWildcards(Role role, String reason, String prefixAlternatives) {
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason(reason)
        .appliesTo(List.of(RegexAppliesTo.builder()
            // The bucket ARN renders as <ResultsBucket….Arn> or, once the cross-stack reference is
            // resolved (a second synthesis in the same process), as the import of the export.
            .regex("/^Resource::<?[-\\w:.]*ResultsBucket\\w*[.:]?\\w*Arn\\w*>?\\/(" + prefixAlternatives
                + ")\\/\\*$/")
            .build()))
        .build()), true);
  }
}
