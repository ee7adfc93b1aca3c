package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StackOutputs;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class BatchStackTest {
  private static Template batch;

  @BeforeAll
  static void synthesize() {
    batch = SynthesizedApp.withDefaults().batch();
  }

  private static String logicalId(String type, String prefix) {
    // CDK appends an 8-hex-digit hash to the construct path; match exactly so "ComputeCpu" does
    // not find "ComputeCpuSpot".
    return batch.findResources(type).keySet().stream().filter(id -> id.matches(prefix + "[0-9A-F]{8}")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " named " + prefix + "*"));
  }

  private static Map<String, Object> computeResources(String type, boolean gpu, int maxvCpus) {
    return Map.of("Type", "managed", "State", "ENABLED", "ComputeResources", Match.objectLike(Map.of(
        "Type", type,
        "AllocationStrategy", type.equals("SPOT") ? "SPOT_PRICE_CAPACITY_OPTIMIZED" : "BEST_FIT_PROGRESSIVE",
        "MinvCpus", 0,
        "MaxvCpus", maxvCpus,
        "InstanceTypes", gpu ? List.of("p3.8xlarge") : List.of("c6i", "m6i", "r6i"),
        "Ec2Configuration", List.of(Map.of("ImageType", gpu ? "ECS_AL2023_NVIDIA" : "ECS_AL2023")),
        "SecurityGroupIds", List.of(Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*ComputeSecurityGroup.*"))),
        "LaunchTemplate", Map.of(
            "LaunchTemplateId", Map.of("Ref", logicalId("AWS::EC2::LaunchTemplate", "ComputeLaunchTemplate")),
            "Version", Map.of("Fn::GetAtt",
                List.of(logicalId("AWS::EC2::LaunchTemplate", "ComputeLaunchTemplate"), "LatestVersionNumber"))))));
  }

  @Test
  void fourComputeEnvironmentsScaleFromZero() {
    batch.resourceCountIs("AWS::Batch::ComputeEnvironment", 4);
    batch.hasResourceProperties("AWS::Batch::ComputeEnvironment", computeResources("EC2", false, 256));
    batch.hasResourceProperties("AWS::Batch::ComputeEnvironment", computeResources("SPOT", false, 256));
    batch.hasResourceProperties("AWS::Batch::ComputeEnvironment", computeResources("EC2", true, 64));
    batch.hasResourceProperties("AWS::Batch::ComputeEnvironment", computeResources("SPOT", true, 128));
  }

  @Test
  void gpuEnvironmentsArePinnedToP38xlargeWithTheNvidiaAmi() {
    Map<String, Map<String, Object>> gpu = batch.findResources("AWS::Batch::ComputeEnvironment",
        Map.of("Properties", Map.of("ComputeResources", Match.objectLike(
            Map.of("Ec2Configuration", List.of(Map.of("ImageType", "ECS_AL2023_NVIDIA")))))));
    assertEquals(2, gpu.size());
    batch.allResourcesProperties("AWS::Batch::ComputeEnvironment", Map.of("ComputeResources",
        Match.objectLike(Map.of("MinvCpus", 0, "UpdateToLatestImageVersion", true))));
  }

  @Test
  void launchTemplateEncryptsA100GiBRootVolumeAndRequiresImdsV2() {
    batch.resourceCountIs("AWS::EC2::LaunchTemplate", 1);
    batch.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of(
            "VolumeSize", 100, "VolumeType", "gp3", "Encrypted", true, "DeleteOnTermination", true))),
        "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 2),
        "UserData", Match.absent()))));
  }

  private static Map<String, Object> ordered(String environment, int order) {
    return Map.of("ComputeEnvironment", Map.of("Fn::GetAtt",
        List.of(logicalId("AWS::Batch::ComputeEnvironment", environment), "ComputeEnvironmentArn")), "Order", order);
  }

  @Test
  void queuesPutSpotFirstAndFallBackToOnDemand() {
    batch.resourceCountIs("AWS::Batch::JobQueue", 4);
    Map<QueueChoice, List<Map<String, Object>>> orders = Map.of(
        QueueChoice.CPU, List.of(ordered("ComputeCpu", 1)),
        QueueChoice.CPU_SPOT, List.of(ordered("ComputeCpuSpot", 1), ordered("ComputeCpu", 2)),
        QueueChoice.GPU, List.of(ordered("ComputeGpu", 1)),
        QueueChoice.GPU_SPOT, List.of(ordered("ComputeGpuSpot", 1), ordered("ComputeGpu", 2)));
    for (QueueChoice choice : QueueChoice.values()) {
      boolean spot = choice.id().endsWith("-spot");
      batch.hasResourceProperties("AWS::Batch::JobQueue", Map.of(
          "JobQueueName", "BatchTrain-" + choice.id(),
          "Priority", spot ? BatchStack.SPOT_PRIORITY : BatchStack.ON_DEMAND_PRIORITY,
          "State", "ENABLED",
          "ComputeEnvironmentOrder", orders.get(choice)));
    }
    assertTrue(BatchStack.ON_DEMAND_PRIORITY > BatchStack.SPOT_PRIORITY);
  }

  @Test
  void runnableJobsWithoutCapacityAreCancelled() {
    batch.allResourcesProperties("AWS::Batch::JobQueue", Map.of("JobStateTimeLimitActions", List.of(Map.of(
        "State", "RUNNABLE", "Reason", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY",
        "Action", "CANCEL", "MaxTimeSeconds", 3600))));
  }

  private static List<Map<String, Object>> resources(int vcpus, int memoryMiB, Integer gpus) {
    List<Map<String, Object>> requirements = new java.util.ArrayList<>(List.of(
        Map.of("Type", "MEMORY", "Value", String.valueOf(memoryMiB)),
        Map.of("Type", "VCPU", "Value", String.valueOf(vcpus))));
    if (gpus != null) {
      requirements.add(Map.of("Type", "GPU", "Value", String.valueOf(gpus)));
    }
    return requirements;
  }

  private static final List<String> TRIAL_DEFINITIONS =
      List.of("BatchTrain-cpu-trial", "BatchTrain-gpu-trial", "BatchTrain-gpu-node");
  private static final String STAGE_DEFINITION = "BatchTrain-stage";
  private static final String DRIVER_DEFINITION = "BatchTrain-driver";

  @Test
  void jobDefinitionsReserveOneGpuPerTrialAndFourPerNode() {
    batch.resourceCountIs("AWS::Batch::JobDefinition", 5);
    Map<String, List<Map<String, Object>>> expected = Map.of(
        "BatchTrain-cpu-trial", resources(2, 4096, null),
        "BatchTrain-gpu-trial", resources(8, 59392, 1),
        "BatchTrain-gpu-node", resources(32, 237568, 4),
        // Small and GPU-less: it runs on the CPU queues' EC2 environments.
        STAGE_DEFINITION, resources(2, 4096, null),
        // One vCPU on the CPU queue: it waits on Batch and S3.
        DRIVER_DEFINITION, resources(1, 2048, null));
    expected.forEach((name, requirements) -> batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
        "JobDefinitionName", name,
        "Type", "container",
        "PlatformCapabilities", List.of("EC2"),
        "ContainerProperties", Match.objectLike(Map.of("ResourceRequirements", requirements)))));
  }

  @Test
  void trialJobDefinitionsMountTheCacheReadOnlyAndRunsReadWriteWithIamAndTls() {
    for (String name : TRIAL_DEFINITIONS) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
          "JobDefinitionName", name,
          "ContainerProperties", Match.objectLike(Map.of(
              "Volumes", List.of(efsVolume("static", "StaticAccessPoint"), efsVolume("runs", "RunsAccessPoint")),
              "MountPoints", List.of(
                  Map.of("SourceVolume", "static", "ContainerPath", EfsLayout.STATIC_MOUNT, "ReadOnly", true),
                  Map.of("SourceVolume", "runs", "ContainerPath", EfsLayout.RUNS_MOUNT, "ReadOnly", false)),
              "User", EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID))));
    }
  }

  @Test
  void stageJobDefinitionMountsOnlyTheCacheReadWriteWithIamAndTls() {
    batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
        "JobDefinitionName", STAGE_DEFINITION,
        "Type", "container",
        "PlatformCapabilities", List.of("EC2"),
        "ContainerProperties", Match.objectLike(Map.of(
            "Command", List.of("stage"),
            "Volumes", List.of(efsVolume("static", "StaticAccessPoint")),
            "MountPoints", List.of(
                Map.of("SourceVolume", "static", "ContainerPath", EfsLayout.STATIC_MOUNT, "ReadOnly", false)),
            "User", EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID,
            // No BT_CHECKPOINT_ROOT: staging has no run directory.
            "Environment", List.of(
                Map.of("Name", JobEnv.CACHE_DIR, "Value", EfsLayout.STATIC_MOUNT),
                Map.of("Name", JobEnv.RESULTS_URI, "Value", resultsUri())),
            "JobRoleArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::IAM::Role", "RolesStageRole"), "Arn"))))));
  }

  @Test
  void onlyTheStageJobDefinitionMountsTheCacheWritable() {
    Map<String, Map<String, Object>> writable = batch.findResources("AWS::Batch::JobDefinition", Map.of(
        "Properties", Map.of("ContainerProperties", Match.objectLike(Map.of("MountPoints", Match.arrayWith(List.of(
            Map.of("SourceVolume", "static", "ContainerPath", EfsLayout.STATIC_MOUNT, "ReadOnly", false))))))));
    assertEquals(Set.of(logicalId("AWS::Batch::JobDefinition", "JobDefinitionsStage")), writable.keySet());
  }

  private static Map<String, Object> efsVolume(String name, String accessPoint) {
    return Map.of("Name", name, "EfsVolumeConfiguration", Map.of(
        "FileSystemId", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RefFileSystem8.*")),
        "TransitEncryption", "ENABLED",
        "AuthorizationConfig", Map.of("Iam", "ENABLED", "AccessPointId",
            Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*" + accessPoint + ".*")))));
  }

  @Test
  void retryStrategyFollowsTheJobContractInOrder() {
    for (String name : List.of("cpu-trial", "gpu-trial", "gpu-node", "stage")) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", "BatchTrain-" + name,
          "RetryStrategy", Map.of("Attempts", 3, "EvaluateOnExit", List.of(
              Map.of("OnStatusReason", ExitCode.SPOT_RECLAIM_STATUS_REASON, "Action", "RETRY"),
              Map.of("OnExitCode", String.valueOf(ExitCode.TRANSIENT.code()), "Action", "RETRY"),
              Map.of("OnReason", "*", "Action", "EXIT")))));
    }
    assertEquals("75", String.valueOf(ExitCode.TRANSIENT.code()));
  }

  /** A driver restarted from its journal submits nothing twice: every failure but bad input is retried. */
  @Test
  void theDriverIsRetriedOnEveryFailureButBadInput() {
    batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", "BatchTrain-driver",
        "RetryStrategy", Map.of("Attempts", 3, "EvaluateOnExit", List.of(
            Map.of("OnExitCode", String.valueOf(ExitCode.BAD_INPUT.code()), "Action", "EXIT"),
            Map.of("OnReason", "*", "Action", "RETRY")))));
  }

  private static Object resultsUri() {
    return Map.of("Fn::Join", List.of("", List.of("s3://",
        Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RefResultsBucket.*")), "/")));
  }

  @Test
  void everyJobDefinitionSharesRepositoryExecutionRoleTimeoutAndLogs() {
    String logGroup = logicalId("AWS::Logs::LogGroup", "JobLogs");
    batch.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
        "LogGroupName", "/batchtrain/BatchTrain/jobs", "RetentionInDays", 30));
    // The context's attempt timeout for trials and staging; the driver lives as long as its sweep.
    for (String name : List.of("BatchTrain-cpu-trial", "BatchTrain-gpu-trial", "BatchTrain-gpu-node", STAGE_DEFINITION)) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", name,
          "Timeout", Map.of("AttemptDurationSeconds", 86400)));
    }
    batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", DRIVER_DEFINITION,
        "Timeout", Map.of("AttemptDurationSeconds", 7 * 24 * 3600)));
    batch.allResourcesProperties("AWS::Batch::JobDefinition", Map.of(
        "PropagateTags", true,
        "ContainerProperties", Match.objectLike(Map.of(
            "Image", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RefTrainerRepository.*")))))),
            "ExecutionRoleArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::IAM::Role", "RolesExecutionRole"), "Arn")),
            "LogConfiguration", Map.of("LogDriver", "awslogs", "Options", Match.objectLike(Map.of(
                "awslogs-group", Map.of("Ref", logGroup))))))));
  }

  private static Object imageTagged(String tag) {
    return Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":" + tag))));
  }

  @Test
  void gpuDefinitionsRunTheGpuImageAndTheOthersTheCpuImage() {
    // cdk.json sets imageTag 0.1.0 and no GPU key: the GPU tag is the one push-image gives the GPU
    // build of the same version.
    for (String name : List.of("BatchTrain-gpu-trial", "BatchTrain-gpu-node")) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", name,
          "ContainerProperties", Match.objectLike(Map.of("Image", imageTagged("0.1.0-gpu")))));
    }
    for (String name : List.of("BatchTrain-cpu-trial", "BatchTrain-stage", DRIVER_DEFINITION)) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("JobDefinitionName", name,
          "ContainerProperties", Match.objectLike(Map.of("Image", imageTagged("0.1.0")))));
    }
  }

  @Test
  void trialsRunTrainWithTheContractEnvironmentAsTheJobRole() {
    Map<String, String> vcpus = Map.of("BatchTrain-cpu-trial", "2", "BatchTrain-gpu-trial", "8", "BatchTrain-gpu-node", "32");
    for (String name : TRIAL_DEFINITIONS) {
      batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
          "JobDefinitionName", name,
          "ContainerProperties", Match.objectLike(Map.of(
              "Command", List.of("train"),
              // BT_VCPUS = the definition's VCPU reservation: TensorFlow's pools are sized from it.
              "Environment", List.of(
                  Map.of("Name", JobEnv.CACHE_DIR, "Value", "/static"),
                  Map.of("Name", JobEnv.CHECKPOINT_ROOT, "Value", "/runs"),
                  Map.of("Name", JobEnv.RESULTS_URI, "Value", resultsUri()),
                  Map.of("Name", JobEnv.VCPUS, "Value", vcpus.get(name))),
              "JobRoleArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::IAM::Role", "RolesJobRole"), "Arn"))))));
    }
  }

  private static Object bucketArn() {
    return Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*ResultsBucket.*Arn.*"));
  }

  private static Object objects(String prefix) {
    return Map.of("Fn::Join", List.of("", List.of(bucketArn(), "/" + prefix + "*")));
  }

  @Test
  void jobRoleIsLimitedToContractPrefixesAndAccessPoints() {
    batch.hasResourceProperties("AWS::IAM::Role", Map.of(
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
            "Action", "sts:AssumeRole", "Effect", "Allow",
            "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"))))),
        "ManagedPolicyArns", Match.absent(),
        "Description", Match.stringLikeRegexp("Training jobs.*")));
    Object accessPoint = Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":access-point/"))));
    batch.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", logicalId("AWS::IAM::Role", "RolesJobRole"))),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Sid", "ReadDatasets", "Effect", "Allow", "Action", "s3:GetObject", "Resource", objects("data/")),
            Map.of("Sid", "ReadWriteSweepsAndCheckpoints", "Effect", "Allow",
                "Action", List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
                "Resource", List.of(objects("checkpoints/"), objects("sweeps/"))),
            Map.of("Sid", "ListContractPrefixes", "Effect", "Allow", "Action", "s3:ListBucket",
                "Resource", bucketArn(),
                "Condition", Map.of("StringLike", Map.of("s3:prefix", List.of("data/*", "sweeps/*", "checkpoints/*")))),
            Map.of("Sid", "MountThroughAccessPoints", "Effect", "Allow", "Action", "elasticfilesystem:ClientMount",
                "Resource", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*FileSystem.*Arn.*")),
                "Condition", Map.of("StringEquals",
                    Map.of("elasticfilesystem:AccessPointArn", List.of(accessPoint, accessPoint)))),
            Map.of("Sid", "WriteRunsAccessPoint", "Effect", "Allow", "Action", "elasticfilesystem:ClientWrite",
                "Resource", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*FileSystem.*Arn.*")),
                "Condition", Map.of("StringEquals", Map.of("elasticfilesystem:AccessPointArn",
                    Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Map.of("Fn::ImportValue",
                        Match.stringLikeRegexp(".*RunsAccessPoint.*")))))))))))));
  }

  private static Object fileSystemArn() {
    return Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*FileSystem.*Arn.*"));
  }

  private static Object accessPointArn(String accessPoint) {
    return Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Map.of("Fn::ImportValue",
        Match.stringLikeRegexp(".*" + accessPoint + ".*"))))));
  }

  @Test
  void stageRoleReadsDatasetsAndWritesOnlyThroughTheStaticAccessPoint() {
    String stageRole = logicalId("AWS::IAM::Role", "RolesStageRole");
    batch.hasResourceProperties("AWS::IAM::Role", Map.of(
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
            "Action", "sts:AssumeRole", "Effect", "Allow",
            "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"))))),
        "ManagedPolicyArns", Match.absent(),
        "Policies", Match.absent(),
        "Description", Match.stringLikeRegexp("Dataset staging jobs.*")));
    batch.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", stageRole)),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Sid", "ReadDatasets", "Effect", "Allow", "Action", "s3:GetObject", "Resource", objects("data/")),
            Map.of("Sid", "ListDatasets", "Effect", "Allow", "Action", "s3:ListBucket", "Resource", bucketArn(),
                "Condition", Map.of("StringLike", Map.of("s3:prefix", List.of("data/*")))),
            Map.of("Sid", "ReadSweepTrialsFiles", "Effect", "Allow", "Action", "s3:GetObject",
                "Resource", Map.of("Fn::Join", List.of("", List.of(bucketArn(), "/sweeps/*/trials.json")))),
            Map.of("Sid", "WriteStageFailureRecords", "Effect", "Allow", "Action", "s3:PutObject",
                "Resource", objects("sweeps/*/stage/")),
            Map.of("Sid", "MountAndWriteStaticAccessPoint", "Effect", "Allow",
                "Action", List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
                "Resource", fileSystemArn(),
                "Condition", Map.of("StringEquals",
                    Map.of("elasticfilesystem:AccessPointArn", accessPointArn("StaticAccessPoint"))))))));
  }

  @Test
  void stageRoleHasNoOtherAccessToSweepsNorCheckpointsOrTheRunsAccessPoint() throws Exception {
    String stageRole = logicalId("AWS::IAM::Role", "RolesStageRole");
    Map<String, Map<String, Object>> policies = batch.findResources("AWS::IAM::Policy",
        Map.of("Properties", Match.objectLike(Map.of("Roles", Match.arrayWith(List.of(Map.of("Ref", stageRole)))))));
    // One policy, so the statements asserted above are all the role has.
    assertEquals(1, policies.size());
    Object policyDocument = ((Map<?, ?>) policies.values().iterator().next().get("Properties")).get("PolicyDocument");
    String document = new ObjectMapper().writeValueAsString(policyDocument)
        // Its two grants below sweeps/, asserted exactly above: the trials files, and its own records.
        .replace("/sweeps/*/trials.json", "").replace("/sweeps/*/stage/*", "").replace("\"s3:PutObject\"", "");
    for (String forbidden : List.of(ResultsLayout.SWEEPS_PREFIX, ResultsLayout.CHECKPOINTS_PREFIX, "RunsAccessPoint",
        "s3:PutObject", "s3:DeleteObject", "elasticfilesystem:ClientRootAccess")) {
      assertFalse(document.contains(forbidden), forbidden + " in " + document);
    }
    // The reverse holds too: the trial role's only EFS write goes through /runs, never /static.
    batch.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", logicalId("AWS::IAM::Role", "RolesJobRole"))),
        "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Map.of(
            "Sid", "WriteRunsAccessPoint", "Effect", "Allow", "Action", "elasticfilesystem:ClientWrite",
            "Resource", fileSystemArn(),
            "Condition", Map.of("StringEquals", Map.of("elasticfilesystem:AccessPointArn",
                accessPointArn("RunsAccessPoint"))))))))));
  }

  @Test
  void executionRolePullsTheTrainerImageAndWritesJobLogs() {
    batch.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", logicalId("AWS::IAM::Role", "RolesExecutionRole"))),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Effect", "Allow",
                "Action", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
                "Resource", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*TrainerRepository.*Arn.*"))),
            Map.of("Effect", "Allow", "Action", "ecr:GetAuthorizationToken", "Resource", "*"),
            Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Resource", Map.of("Fn::GetAtt", List.of(logicalId("AWS::Logs::LogGroup", "JobLogs"), "Arn")))))));
  }

  @Test
  void instanceRoleCarriesTheEcsAgentPolicyOnly() {
    batch.hasResourceProperties("AWS::IAM::Role", Map.of(
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
            "Action", "sts:AssumeRole", "Effect", "Allow", "Principal", Map.of("Service", "ec2.amazonaws.com"))))),
        "ManagedPolicyArns", List.of(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
            ":iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"))))));
    // The service-linked role AWSServiceRoleForBatch runs the environments: no service role here.
    batch.allResourcesProperties("AWS::Batch::ComputeEnvironment", Map.of("ServiceRole", Match.absent()));
    batch.resourceCountIs("AWS::IAM::Role", 5);
  }

  @Test
  void outputsUseTheContractKeys() {
    for (QueueChoice choice : QueueChoice.values()) {
      batch.hasOutput(choice.outputKey(), Map.of("Value", Map.of("Fn::GetAtt",
          List.of(logicalId("AWS::Batch::JobQueue", queueId(choice)), "JobQueueArn"))));
    }
    batch.hasOutput(StackOutputs.CPU_TRIAL_JOB_DEFINITION,
        Map.of("Value", Map.of("Ref", logicalId("AWS::Batch::JobDefinition", "JobDefinitionsCpuTrial"))));
    batch.hasOutput(StackOutputs.GPU_TRIAL_JOB_DEFINITION,
        Map.of("Value", Map.of("Ref", logicalId("AWS::Batch::JobDefinition", "JobDefinitionsGpuTrial"))));
    batch.hasOutput(StackOutputs.GPU_NODE_JOB_DEFINITION,
        Map.of("Value", Map.of("Ref", logicalId("AWS::Batch::JobDefinition", "JobDefinitionsGpuNode"))));
    batch.hasOutput(StackOutputs.STAGE_JOB_DEFINITION,
        Map.of("Value", Map.of("Ref", logicalId("AWS::Batch::JobDefinition", "JobDefinitionsStage"))));
    assertEquals("StageJobDefinitionArn", StackOutputs.STAGE_JOB_DEFINITION);
    batch.hasOutput(StackOutputs.DRIVER_JOB_DEFINITION,
        Map.of("Value", Map.of("Ref", logicalId("AWS::Batch::JobDefinition", "JobDefinitionsDriver"))));
    assertEquals("DriverJobDefinitionArn", StackOutputs.DRIVER_JOB_DEFINITION);
  }

  @Test
  void driverRunsDriveForTheSweepParameterWithoutEfsAsTheDriverRole() {
    batch.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
        "JobDefinitionName", DRIVER_DEFINITION,
        "Type", "container",
        "PlatformCapabilities", List.of("EC2"),
        // Batch substitutes Ref::sweep from the SubmitJob parameters; the results URI is the deployed bucket's.
        "Parameters", Match.absent(),
        "ContainerProperties", Match.objectLike(Map.of(
            "Command", List.of("drive", "Ref::" + StackOutputs.DRIVER_SWEEP_PARAMETER, "--backend", "aws",
                "--results", resultsUri()),
            "Volumes", Match.absent(),
            "MountPoints", Match.absent(),
            "User", EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID,
            "Environment", List.of(Map.of("Name", JobEnv.VCPUS, "Value", "1")),
            "JobRoleArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::IAM::Role", "RolesDriverRole"), "Arn"))))));
    assertEquals("sweep", StackOutputs.DRIVER_SWEEP_PARAMETER);
  }

  @Test
  void onlyTheDriverDefinitionRunsDriveAndNoOtherRunsAsTheDriverRole() {
    Object driverRole = Map.of("Fn::GetAtt", List.of(logicalId("AWS::IAM::Role", "RolesDriverRole"), "Arn"));
    Map<String, Map<String, Object>> asDriver = batch.findResources("AWS::Batch::JobDefinition", Map.of(
        "Properties", Map.of("ContainerProperties", Match.objectLike(Map.of("JobRoleArn", driverRole)))));
    Map<String, Map<String, Object>> driving = batch.findResources("AWS::Batch::JobDefinition", Map.of(
        "Properties", Map.of("ContainerProperties", Match.objectLike(Map.of("Command", Match.arrayWith(List.of("drive")))))));
    Set<String> driver = Set.of(logicalId("AWS::Batch::JobDefinition", "JobDefinitionsDriver"));
    assertEquals(driver, asDriver.keySet());
    assertEquals(driver, driving.keySet());
  }

  private static Object batchArn(String resource) {
    return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":batch:",
        Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":" + resource)));
  }

  private static Object queueArn(QueueChoice choice) {
    return Map.of("Fn::GetAtt", List.of(logicalId("AWS::Batch::JobQueue", queueId(choice)), "JobQueueArn"));
  }

  @Test
  void driverRoleReachesSweepsAndTheSweepsJobsOnly() {
    String driverRole = logicalId("AWS::IAM::Role", "RolesDriverRole");
    batch.hasResourceProperties("AWS::IAM::Role", Map.of(
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
            "Action", "sts:AssumeRole", "Effect", "Allow",
            "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"))))),
        "ManagedPolicyArns", Match.absent(),
        "Policies", Match.absent(),
        "Description", Match.stringLikeRegexp("Sweep driver jobs.*")));
    String tag = com.batchtrain.contract.JobTags.SWEEP;
    batch.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", driverRole)),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Sid", "ReadWriteSweeps", "Effect", "Allow", "Action", List.of("s3:GetObject", "s3:PutObject"),
                "Resource", objects("sweeps/")),
            Map.of("Sid", "ListSweeps", "Effect", "Allow", "Action", "s3:ListBucket", "Resource", bucketArn(),
                "Condition", Map.of("StringLike", Map.of("s3:prefix", List.of("sweeps/*")))),
            // Its resources, in the policy minimizer's order, are compared as a set below.
            Map.of("Sid", "SubmitTrials", "Effect", "Allow", "Action", "batch:SubmitJob", "Resource", Match.anyValue()),
            Map.of("Sid", "TagTrialsWithTheirSweep", "Effect", "Allow", "Action", "batch:TagResource",
                "Resource", batchArn("job/*"),
                "Condition", Map.of("Null", Map.of("aws:RequestTag/" + tag, "false"),
                    "ForAllValues:StringEquals", Map.of("aws:TagKeys", tag))),
            Map.of("Sid", "StopSweepJobs", "Effect", "Allow", "Action", List.of("batch:CancelJob", "batch:TerminateJob"),
                "Resource", batchArn("job/*"),
                "Condition", Map.of("Null", Map.of("aws:ResourceTag/" + tag, "false"))),
            Map.of("Sid", "ReadJobs", "Effect", "Allow", "Action", List.of("batch:DescribeComputeEnvironments",
                "batch:DescribeJobQueues", "batch:DescribeJobs", "batch:ListJobs"), "Resource", "*")))));
    assertEquals("batchtrain:sweep", tag);
  }

  @Test
  @SuppressWarnings("unchecked")
  void driverRoleHasNoEfsEcrDatasetsCheckpointsDeletesNorOtherDefinitions() throws Exception {
    String driverRole = logicalId("AWS::IAM::Role", "RolesDriverRole");
    Map<String, Map<String, Object>> policies = batch.findResources("AWS::IAM::Policy",
        Map.of("Properties", Match.objectLike(Map.of("Roles", Match.arrayWith(List.of(Map.of("Ref", driverRole)))))));
    // One policy, so the statements asserted above are all the role has.
    assertEquals(1, policies.size());
    Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policies.values().iterator().next()
        .get("Properties")).get("PolicyDocument");
    String text = new ObjectMapper().writeValueAsString(document);
    for (String forbidden : List.of("elasticfilesystem:", "ecr:", "iam:", "cloudformation:", "s3:DeleteObject",
        "/" + ResultsLayout.DATA_PREFIX, "/" + ResultsLayout.CHECKPOINTS_PREFIX, "BatchTrain-stage",
        "BatchTrain-gpu-node", "BatchTrain-driver", "batch:RegisterJobDefinition", "batch:*", "s3:*")) {
      assertFalse(text.contains(forbidden), forbidden + " in " + text);
    }
    // Exactly the stack's queues and every revision of the CPU and GPU trial definitions and of their
    // per-image copies: nothing else may be submitted.
    List<Map<String, Object>> statements = (List<Map<String, Object>>) document.get("Statement");
    List<Object> submit = (List<Object>) statements.stream().filter(st -> "SubmitTrials".equals(st.get("Sid")))
        .findFirst().orElseThrow().get("Resource");
    List<Object> wanted = List.of(queueArn(QueueChoice.CPU), queueArn(QueueChoice.CPU_SPOT), queueArn(QueueChoice.GPU),
        queueArn(QueueChoice.GPU_SPOT),
        batchArn("job-definition/BatchTrain-cpu-trial:*"), batchArn("job-definition/BatchTrain-cpu-trial-image-*:*"),
        batchArn("job-definition/BatchTrain-gpu-trial:*"), batchArn("job-definition/BatchTrain-gpu-trial-image-*:*"));
    // Each wanted ARN is there, and there are no more resources than those.
    assertEquals(wanted.size(), submit.size(), submit.toString());
    for (Object arn : wanted) {
      batch.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of(Map.of("Ref", driverRole)),
          "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(
              Map.of("Sid", "SubmitTrials", "Resource", Match.arrayWith(List.of(arn))))))))));
    }
  }

  private static String queueId(QueueChoice choice) {
    return switch (choice) {
      case CPU -> "CpuQueue";
      case CPU_SPOT -> "CpuSpotQueue";
      case GPU -> "GpuQueue";
      case GPU_SPOT -> "GpuSpotQueue";
    };
  }
}
