package com.batchtrain.infra;

import com.batchtrain.contract.ResultsLayout;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The two roles of a job's containers: the job role the trainer code runs as, limited to the
 * bucket prefixes and access points the job contract uses, and the execution role ECS uses to pull
 * the image and ship logs.
 */
final class JobRoles extends Construct {
  private final Role jobRole;
  private final Role executionRole;

  JobRoles(Construct scope, String id, StorageResources storage, IRepository repository, ILogGroup logs) {
    super(scope, id);
    jobRole = Role.Builder.create(this, "JobRole")
        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
        .description("Training jobs: read datasets, write sweep results and checkpoint mirrors, mount EFS")
        .build();
    String bucketArn = storage.results().getBucketArn();
    String data = ResultsLayout.DATA_PREFIX + "*";
    String sweeps = ResultsLayout.SWEEPS_PREFIX + "*";
    String checkpoints = ResultsLayout.CHECKPOINTS_PREFIX + "*";
    jobRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadDatasets")
        .actions(List.of("s3:GetObject"))
        .resources(List.of(storage.results().arnForObjects(data)))
        .build());
    jobRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadWriteSweepsAndCheckpoints")
        // Delete: a trial replaces its own partial results on retry and prunes old checkpoints.
        .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
        .resources(List.of(storage.results().arnForObjects(sweeps), storage.results().arnForObjects(checkpoints)))
        .build());
    jobRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("ListContractPrefixes")
        .actions(List.of("s3:ListBucket"))
        .resources(List.of(bucketArn))
        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(data, sweeps, checkpoints))))
        .build());
    String fileSystemArn = storage.fileSystem().getFileSystemArn();
    String staticPoint = storage.staticAccessPoint().getAccessPointArn();
    String runsPoint = storage.runsAccessPoint().getAccessPointArn();
    jobRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("MountThroughAccessPoints")
        .actions(List.of("elasticfilesystem:ClientMount"))
        .resources(List.of(fileSystemArn))
        .conditions(Map.of("StringEquals",
            Map.of("elasticfilesystem:AccessPointArn", List.of(staticPoint, runsPoint))))
        .build());
    // Write only through the runs access point: /static stays read-only even if a job remounts it.
    jobRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("WriteRunsAccessPoint")
        .actions(List.of("elasticfilesystem:ClientWrite"))
        .resources(List.of(fileSystemArn))
        .conditions(Map.of("StringEquals", Map.of("elasticfilesystem:AccessPointArn", runsPoint)))
        .build());

    executionRole = Role.Builder.create(this, "ExecutionRole")
        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
        .description("ECS execution role of training jobs: pull the trainer image, write job logs")
        .build();
    repository.grantPull(executionRole);
    logs.grantWrite(executionRole);
  }

  Role jobRole() {
    return jobRole;
  }

  Role executionRole() {
    return executionRole;
  }
}
