package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StackOutputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StorageStackTest {
  private static Template storage;
  private static final Map<String, Object> PUBLIC_ACCESS_BLOCKED = Map.of(
      "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true);

  @BeforeAll
  static void synthesize() {
    storage = SynthesizedApp.withDefaults().storage();
  }

  private static String resultsBucket() {
    return logicalId("AWS::S3::Bucket", "ResultsBucket");
  }

  private static String logicalId(String type, String prefix) {
    return storage.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " named " + prefix + "*"));
  }

  @Test
  void resultsBucketIsEncryptedVersionedPrivateAndLogged() {
    storage.hasResourceProperties("AWS::S3::Bucket", Map.of(
        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration",
            List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "PublicAccessBlockConfiguration", PUBLIC_ACCESS_BLOCKED,
        "LoggingConfiguration", Map.of(
            "DestinationBucketName", Map.of("Ref", logicalId("AWS::S3::Bucket", "AccessLogBucket")),
            "LogFilePrefix", "results-bucket/")));
    storage.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain",
        "Properties", Match.objectLike(Map.of("VersioningConfiguration", Match.anyValue()))));
  }

  @Test
  void lifecycleExpiresNoncurrentVersionsAndCheckpointMirrors() {
    storage.hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules", List.of(
        Map.of("Id", "expire-noncurrent-versions", "Status", "Enabled",
            "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30),
            "ExpiredObjectDeleteMarker", true,
            "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7)),
        Map.of("Id", "expire-checkpoint-mirrors", "Status", "Enabled",
            "Prefix", ResultsLayout.CHECKPOINTS_PREFIX, "ExpirationInDays", 14)))));
  }

  @Test
  void bucketPolicyRequiresTlsAndSignedHeaderSigV4() {
    String bucket = resultsBucket();
    Object bothArns = List.of(Map.of("Fn::GetAtt", List.of(bucket, "Arn")),
        Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::GetAtt", List.of(bucket, "Arn")), "/*"))));
    storage.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
        "Bucket", Map.of("Ref", bucket),
        "PolicyDocument", Map.of("Statement", List.of(
            deny(Map.of("Bool", Map.of("aws:SecureTransport", "false")), bothArns),
            deny(Map.of("StringNotEquals", Map.of("s3:authType", "REST-HEADER")), bothArns),
            deny(Map.of("StringNotEquals", Map.of("s3:signatureversion", "AWS4-HMAC-SHA256")), bothArns)))));
  }

  private static Map<String, Object> deny(Map<String, Object> condition, Object resources) {
    return Map.of("Effect", "Deny", "Action", "s3:*", "Principal", Map.of("AWS", "*"),
        "Condition", condition, "Resource", resources);
  }

  @Test
  void accessLogBucketIsPrivateTlsOnlyAndExpires() {
    String logs = logicalId("AWS::S3::Bucket", "AccessLogBucket");
    storage.hasResourceProperties("AWS::S3::Bucket", Map.of(
        "PublicAccessBlockConfiguration", PUBLIC_ACCESS_BLOCKED,
        "LifecycleConfiguration", Map.of("Rules", List.of(Map.of(
            "Id", "expire-access-logs", "Status", "Enabled", "ExpirationInDays", 365)))));
    storage.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
        "Bucket", Map.of("Ref", logs),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
            "Effect", "Deny", "Action", "s3:*",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
            "Principal", Map.of("AWS", "*"), "Resource", Match.anyValue()))))));
  }

  @Test
  void fileSystemIsEncryptedBackedUpAndRefusesPlaintextClients() {
    storage.hasResourceProperties("AWS::EFS::FileSystem", Map.of(
        "Encrypted", true,
        "BackupPolicy", Map.of("Status", "ENABLED"),
        "FileSystemPolicy", Map.of("Statement", List.of(Map.of(
            "Sid", "DenyUnencryptedTransport", "Effect", "Deny", "Principal", Map.of("AWS", "*"),
            "Action", List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientRootAccess",
                "elasticfilesystem:ClientWrite"),
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))));
    storage.hasResource("AWS::EFS::FileSystem", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void nfsIsOpenOnlyFromTheBatchComputeSecurityGroup() {
    String efsGroup = logicalId("AWS::EC2::SecurityGroup", "FileSystemSecurityGroup");
    storage.resourceCountIs("AWS::EFS::MountTarget", 2);
    storage.allResourcesProperties("AWS::EFS::MountTarget", Map.of(
        "SecurityGroups", List.of(Map.of("Fn::GetAtt", List.of(efsGroup, "GroupId"))),
        "SubnetId", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*VpcPrivateSubnet.*"))));
    storage.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
    storage.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
        "GroupId", Map.of("Fn::GetAtt", List.of(efsGroup, "GroupId")),
        "IpProtocol", "tcp", "FromPort", 2049, "ToPort", 2049,
        "SourceSecurityGroupId", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*ComputeSecurityGroup.*"))));
    storage.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
        "SecurityGroupIngress", Match.absent(),
        "SecurityGroupEgress", List.of(Map.of("CidrIp", "255.255.255.255/32", "Description", "Disallow all traffic",
            "FromPort", 252, "IpProtocol", "icmp", "ToPort", 86))));
  }

  @Test
  void accessPointsRootStaticAndRunsAtTheJobIdentity() {
    String uid = String.valueOf(EfsLayout.JOB_UID);
    String gid = String.valueOf(EfsLayout.JOB_GID);
    storage.resourceCountIs("AWS::EFS::AccessPoint", 2);
    for (String path : List.of(EfsLayout.STATIC_ACCESS_POINT_PATH, EfsLayout.RUNS_ACCESS_POINT_PATH)) {
      storage.hasResourceProperties("AWS::EFS::AccessPoint", Map.of(
          "FileSystemId", Map.of("Ref", logicalId("AWS::EFS::FileSystem", "FileSystem")),
          "PosixUser", Map.of("Uid", uid, "Gid", gid),
          "RootDirectory", Map.of("Path", path, "CreationInfo",
              Map.of("OwnerUid", uid, "OwnerGid", gid, "Permissions", Match.stringLikeRegexp("7[0-5]{2}")))));
    }
  }

  @Test
  void outputsUseTheContractKeys() {
    storage.hasOutput(StackOutputs.RESULTS_BUCKET, Map.of("Value", Map.of("Ref", resultsBucket())));
    storage.hasOutput(StackOutputs.FILE_SYSTEM_ID,
        Map.of("Value", Map.of("Ref", logicalId("AWS::EFS::FileSystem", "FileSystem"))));
    assertEquals(2, storage.findOutputs("*", Map.of("Description", Match.anyValue())).size());
  }
}
