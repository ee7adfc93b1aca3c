package com.batchtrain.testsupport.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;

/**
 * What CloudFormation names the resources it creates and what {@code Ref} and {@code Fn::GetAtt}
 * return for them, per resource type, as the CloudFormation resource reference documents it for
 * the types the project's templates use. Generated names follow CloudFormation's pattern
 * ({@code <stack>-<logical id>-<random suffix>}), drawn from a seeded generator so that one
 * deployment of the same templates gives the same names.
 */
final class PhysicalResources {
  private final String account;
  private final String region;
  private final Random random;

  PhysicalResources(String account, String region, long seed) {
    this.account = account;
    this.region = region;
    this.random = new Random(seed);
  }

  /** The value of {@code Ref} for a new resource, given its (resolved) name property if the template sets one. */
  String physicalId(String stack, String logicalId, String type, JsonNode properties) {
    return switch (type) {
      case "AWS::S3::Bucket" -> named(properties, "BucketName", () -> generated(stack, logicalId, 63).toLowerCase(Locale.ROOT));
      case "AWS::ECR::Repository" -> named(properties, "RepositoryName",
          () -> generated(stack, logicalId, 256).toLowerCase(Locale.ROOT));
      case "AWS::IAM::Role" -> named(properties, "RoleName", () -> generated(stack, logicalId, 64));
      case "AWS::IAM::InstanceProfile" -> named(properties, "InstanceProfileName", () -> generated(stack, logicalId, 128));
      case "AWS::Logs::LogGroup" -> named(properties, "LogGroupName", () -> generated(stack, logicalId, 512));
      case "AWS::EFS::FileSystem" -> "fs-" + hex(17);
      case "AWS::EFS::AccessPoint" -> "fsap-" + hex(17);
      case "AWS::EFS::MountTarget" -> "fsmt-" + hex(17);
      case "AWS::EC2::VPC" -> "vpc-" + hex(17);
      case "AWS::EC2::Subnet" -> "subnet-" + hex(17);
      case "AWS::EC2::SecurityGroup" -> "sg-" + hex(17);
      case "AWS::EC2::RouteTable" -> "rtb-" + hex(17);
      case "AWS::EC2::VPCEndpoint" -> "vpce-" + hex(17);
      case "AWS::EC2::LaunchTemplate" -> "lt-" + hex(17);
      case "AWS::EC2::FlowLog" -> "fl-" + hex(17);
      case "AWS::Batch::ComputeEnvironment" -> batchArn("compute-environment",
          named(properties, "ComputeEnvironmentName", () -> generated("", logicalId, 128)));
      case "AWS::Batch::JobQueue" -> batchArn("job-queue", named(properties, "JobQueueName", () -> generated("", logicalId, 128)));
      case "AWS::Batch::JobDefinition" -> batchArn("job-definition",
          named(properties, "JobDefinitionName", () -> generated("", logicalId, 128))) + ":1";
      default -> generated(stack, logicalId, 128);
    };
  }

  /** The value of {@code Fn::GetAtt} {@code [logicalId, attribute]} of a created resource. */
  String attribute(DeployedResource r, String attribute) {
    String id = r.physicalId();
    return switch (r.type() + "." + attribute) {
      case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + id;
      case "AWS::S3::Bucket.DomainName" -> id + ".s3.amazonaws.com";
      case "AWS::S3::Bucket.RegionalDomainName" -> id + ".s3." + region + ".amazonaws.com";
      case "AWS::ECR::Repository.Arn" -> "arn:aws:ecr:" + region + ":" + account + ":repository/" + id;
      case "AWS::ECR::Repository.RepositoryUri" -> account + ".dkr.ecr." + region + ".amazonaws.com/" + id;
      case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + account + ":role/" + id;
      case "AWS::IAM::Role.RoleId" -> "AROA" + hex(17).toUpperCase(Locale.ROOT);
      case "AWS::IAM::InstanceProfile.Arn" -> "arn:aws:iam::" + account + ":instance-profile/" + id;
      case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + region + ":" + account + ":log-group:" + id + ":*";
      case "AWS::EFS::FileSystem.Arn" -> "arn:aws:elasticfilesystem:" + region + ":" + account + ":file-system/" + id;
      case "AWS::EFS::FileSystem.FileSystemId" -> id;
      case "AWS::EFS::AccessPoint.Arn" -> "arn:aws:elasticfilesystem:" + region + ":" + account + ":access-point/" + id;
      case "AWS::EFS::AccessPoint.AccessPointId" -> id;
      case "AWS::EC2::SecurityGroup.GroupId" -> id;
      case "AWS::EC2::VPC.CidrBlock" -> r.text("CidrBlock");
      case "AWS::EC2::LaunchTemplate.LatestVersionNumber", "AWS::EC2::LaunchTemplate.DefaultVersionNumber" -> "1";
      case "AWS::Batch::ComputeEnvironment.ComputeEnvironmentArn", "AWS::Batch::JobQueue.JobQueueArn" -> id;
      // Types and attributes the project's job path never reads: a stable, recognizable placeholder.
      default -> id + "." + attribute;
    };
  }

  private String batchArn(String kind, String name) {
    return "arn:aws:batch:" + region + ":" + account + ":" + kind + "/" + name;
  }

  private static String named(JsonNode properties, String field, java.util.function.Supplier<String> generated) {
    JsonNode name = properties.get(field);
    return name != null && name.isTextual() && !name.asText().isEmpty() ? name.asText() : generated.get();
  }

  private String generated(String stack, String logicalId, int maxLength) {
    String suffix = hex(12).toUpperCase(Locale.ROOT);
    String head = (stack.isEmpty() ? "" : stack + "-") + logicalId;
    int room = maxLength - suffix.length() - 1;
    return (head.length() > room ? head.substring(0, room) : head) + "-" + suffix;
  }

  private String hex(int digits) {
    byte[] bytes = new byte[(digits + 1) / 2];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes).substring(0, digits);
  }
}
