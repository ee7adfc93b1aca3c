package com.batchtrain.infra;

import com.batchtrain.contract.ResultsLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The roles of a job's containers: the job role trial code runs as, limited to the bucket prefixes
 * and access points the job contract uses; the stage role of the dataset staging job, limited to
 * reading datasets and writing the /static cache; and the execution role ECS uses to pull the image
 * and ship logs for all. Both task roles may also read (never write) the configured
 * {@link DataSource}s, prefixes of other buckets that hold datasets. The driver role, of a driven
 * sweep's driver job, reaches no dataset and no EFS: it reads and writes sweeps/ and runs the
 * sweep's trials on Batch ({@link #driverRole}).
 */
final class JobRoles extends Construct {
  /** What the stage job reads of sweeps/: the trials files. */
  static final String STAGE_TRIALS_FILES = ResultsLayout.SWEEPS_PREFIX + "*/" + ResultsLayout.TRIALS_FILE;
  /** What the stage job writes of sweeps/: its own records (sweeps/<sweep>/stage/...). */
  static final String STAGE_RECORDS = ResultsLayout.SWEEPS_PREFIX + "*/" + ResultsLayout.STAGE_DIR + "*";

  private final Role jobRole;
  private final Role stageRole;
  private final Role executionRole;
  private final Role driverRole;
  private final List<DataSource> dataSources;

  /**
   * What a driver may submit its trials to.
   *
   * @param jobQueueArns every queue a sweep may name (its trials run on the sweep's queue)
   * @param trialDefinitionNames the trial job definitions' names, without revision
   */
  record DriverTargets(List<String> jobQueueArns, List<String> trialDefinitionNames) {
    DriverTargets {
      jobQueueArns = List.copyOf(jobQueueArns);
      trialDefinitionNames = List.copyOf(trialDefinitionNames);
    }
  }

  JobRoles(Construct scope, String id, StorageResources storage, IRepository repository, ILogGroup logs,
      List<DataSource> dataSources, DriverTargets driverTargets) {
    super(scope, id);
    // The partition the way the stack renders it elsewhere: the literal when the region is known
    // (@aws-cdk/core:enablePartitionLiterals), else the AWS::Partition pseudo-parameter.
    String partition = Stack.of(this).getPartition();
    this.dataSources = List.copyOf(dataSources);
    IBucket results = storage.results();
    String data = ResultsLayout.DATA_PREFIX + "*";
    String sweeps = ResultsLayout.SWEEPS_PREFIX + "*";
    String checkpoints = ResultsLayout.CHECKPOINTS_PREFIX + "*";
    String fileSystemArn = storage.fileSystem().getFileSystemArn();
    String staticPoint = storage.staticAccessPoint().getAccessPointArn();
    String runsPoint = storage.runsAccessPoint().getAccessPointArn();

    jobRole = taskRole("JobRole", "Training jobs: read datasets, write sweep results and checkpoint mirrors, mount EFS");
    jobRole.addToPolicy(readDatasets(results));
    jobRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadWriteSweepsAndCheckpoints")
        // Delete: a trial replaces its own partial results on retry and prunes old checkpoints.
        .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
        .resources(List.of(results.arnForObjects(sweeps), results.arnForObjects(checkpoints)))
        .build());
    jobRole.addToPolicy(listPrefixes("ListContractPrefixes", results, data, sweeps, checkpoints));
    readDataSources(jobRole, dataSources, partition);
    jobRole.addToPolicy(throughAccessPoints("MountThroughAccessPoints", List.of("elasticfilesystem:ClientMount"),
        fileSystemArn, staticPoint, runsPoint));
    // Write only through the runs access point: /static stays read-only even if a job remounts it.
    jobRole.addToPolicy(throughAccessPoints("WriteRunsAccessPoint", List.of("elasticfilesystem:ClientWrite"),
        fileSystemArn, runsPoint));

    // A separate role, not more grants on the job role: trials must not be able to write the cache,
    // and staging (which runs before any trial of a sweep) needs no checkpoints and no /runs. Of
    // sweeps/ it reads only trials files (the model declaration it checks the dataset against) and
    // writes only its own failure records.
    stageRole = taskRole("StageRole", "Dataset staging jobs: read datasets under data/, fill the /static EFS cache");
    stageRole.addToPolicy(readDatasets(results));
    stageRole.addToPolicy(listPrefixes("ListDatasets", results, data));
    stageRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadSweepTrialsFiles")
        .actions(List.of("s3:GetObject"))
        .resources(List.of(results.arnForObjects(STAGE_TRIALS_FILES)))
        .build());
    stageRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("WriteStageFailureRecords")
        .actions(List.of("s3:PutObject"))
        .resources(List.of(results.arnForObjects(STAGE_RECORDS)))
        .build());
    readDataSources(stageRole, dataSources, partition);
    stageRole.addToPolicy(throughAccessPoints("MountAndWriteStaticAccessPoint",
        List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"), fileSystemArn, staticPoint));

    driverRole = taskRole("DriverRole", "Sweep driver jobs: read and write sweeps/, submit, list and stop the sweep's trials");
    DriverPolicy.grant(driverRole, results, driverTargets);

    executionRole = Role.Builder.create(this, "ExecutionRole")
        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
        .description("ECS execution role of training, staging and driver jobs: pull the trainer image, write job logs")
        .build();
    repository.grantPull(executionRole);
    logs.grantWrite(executionRole);
  }

  Role jobRole() {
    return jobRole;
  }

  Role stageRole() {
    return stageRole;
  }

  Role executionRole() {
    return executionRole;
  }

  Role driverRole() {
    return driverRole;
  }

  /**
   * Read access to the data sources, as for the results bucket's data/: GetObject below each prefix,
   * and ListBucket on each bucket limited to listings below its prefixes. Nothing when there are none.
   */
  private static void readDataSources(Role role, List<DataSource> sources, String partition) {
    if (sources.isEmpty()) {
      return;
    }
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadDataSources")
        .actions(List.of("s3:GetObject"))
        .resources(sources.stream().map(d -> d.objectsArn(partition)).toList())
        .build());
    // One statement per bucket: a statement with two buckets and two prefix patterns would let
    // either bucket be listed below either prefix.
    Map<String, List<DataSource>> byBucket = new LinkedHashMap<>();
    sources.forEach(d -> byBucket.computeIfAbsent(d.bucket(), b -> new ArrayList<>()).add(d));
    int index = 1;
    for (Map.Entry<String, List<DataSource>> bucket : byBucket.entrySet()) {
      PolicyStatement.Builder list = PolicyStatement.Builder.create()
          .sid("ListDataSources" + index++)
          .actions(List.of("s3:ListBucket"))
          .resources(List.of(bucket.getValue().get(0).bucketArn(partition)));
      // A whole-bucket source (empty prefix) lists without a condition: a listing of the bucket's
      // root carries no s3:prefix, and StringLike on a missing key never matches.
      if (bucket.getValue().stream().noneMatch(d -> d.prefix().isEmpty())) {
        list.conditions(Map.of("StringLike", Map.of("s3:prefix",
            bucket.getValue().stream().map(DataSource::objectPattern).toList())));
      }
      role.addToPolicy(list.build());
    }
  }

  /**
   * The AwsSolutions-IAM5 findings the data sources' object ARNs raise, as cdk-nag names them:
   * {@code Resource::arn:<AWS::Partition>:s3:::bucket/prefix*}, or with the partition literal when
   * the stack has a region. One per data source, so a suppression can list exactly these.
   */
  List<String> dataSourceNagFindings() {
    String partition = Stack.of(this).getPartition();
    String rendered = Token.isUnresolved(partition) ? "<AWS::Partition>" : partition;
    return dataSources.stream().map(d -> "Resource::" + d.objectsArn(rendered)).toList();
  }

  private Role taskRole(String id, String description) {
    return Role.Builder.create(this, id)
        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
        .description(description)
        .build();
  }

  private static PolicyStatement readDatasets(IBucket results) {
    return PolicyStatement.Builder.create()
        .sid("ReadDatasets")
        .actions(List.of("s3:GetObject"))
        .resources(List.of(results.arnForObjects(ResultsLayout.DATA_PREFIX + "*")))
        .build();
  }

  /** ListBucket on the bucket, but only for listings below the given key patterns. */
  static PolicyStatement listPrefixes(String sid, IBucket results, String... prefixes) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .actions(List.of("s3:ListBucket"))
        .resources(List.of(results.getBucketArn()))
        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(prefixes))))
        .build();
  }

  /** EFS client actions on the file system, allowed only when the mount goes through one of the access points. */
  private static PolicyStatement throughAccessPoints(String sid, List<String> actions, String fileSystemArn,
      String... accessPoints) {
    // One access point renders as a plain string, the way IAM itself shows a single-valued condition.
    Object arns = accessPoints.length == 1 ? accessPoints[0] : List.of(accessPoints);
    return PolicyStatement.Builder.create()
        .sid(sid)
        .actions(actions)
        .resources(List.of(fileSystemArn))
        .conditions(Map.of("StringEquals", Map.of("elasticfilesystem:AccessPointArn", arns)))
        .build();
  }
}
