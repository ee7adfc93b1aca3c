package com.batchtrain.infra;

import com.batchtrain.contract.EfsLayout;
import com.batchtrain.contract.EfsVolume;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StackOutputs;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.AccessPointOptions;
import software.amazon.awscdk.services.efs.Acl;
import software.amazon.awscdk.services.efs.FileSystem;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.PosixUser;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The results bucket (datasets, sweep records, published trials, checkpoint mirrors) and the EFS
 * file system jobs mount at /static (data cache) and /runs (live checkpoints).
 */
public final class StorageStack extends Stack {
  static final String SERVER_ACCESS_LOGS_USE_BUCKET_POLICY = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy";

  /** Inputs of the storage stack. */
  public record Props(StackProps stack, StorageSettings settings, NetworkResources network) {}

  private final StorageResources resources;

  public StorageStack(Construct scope, String id, Props props) {
    super(scope, id, props.stack());
    // Access logs are delivered under a bucket policy, not the legacy log-delivery ACL, which
    // BucketOwnerEnforced ownership forbids. Set here so the stack never depends on cdk.json.
    getNode().setContext(SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    StorageSettings settings = props.settings();
    Bucket accessLogs = accessLogBucket(settings);
    Bucket results = resultsBucket(settings, accessLogs);

    NetworkResources network = props.network();
    SecurityGroup efsGroup = SecurityGroup.Builder.create(this, "FileSystemSecurityGroup")
        .vpc(network.vpc())
        .description("EFS mount targets: NFS from the Batch compute nodes only")
        .allowAllOutbound(false)
        .build();
    FileSystem fileSystem = FileSystem.Builder.create(this, "FileSystem")
        .vpc(network.vpc())
        .vpcSubnets(network.subnets())
        .securityGroup(efsGroup)
        .encrypted(true)
        .enableAutomaticBackups(true)
        .performanceMode(PerformanceMode.GENERAL_PURPOSE)
        .throughputMode(ThroughputMode.ELASTIC)
        .fileSystemPolicy(fileSystemPolicy())
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    fileSystem.getConnections().allowDefaultPortFrom(network.computeSecurityGroup(), "NFS from Batch compute nodes");

    AccessPoint staticPoint = accessPoint(fileSystem, "StaticAccessPoint", EfsVolume.STATIC);
    AccessPoint runsPoint = accessPoint(fileSystem, "RunsAccessPoint", EfsVolume.RUNS);

    CfnOutput.Builder.create(this, StackOutputs.RESULTS_BUCKET).value(results.getBucketName())
        .description("Results store bucket (BT_RESULTS_URI = s3://<this>/)").build();
    CfnOutput.Builder.create(this, StackOutputs.FILE_SYSTEM_ID).value(fileSystem.getFileSystemId())
        .description("EFS file system mounted at /static and /runs").build();
    resources = new StorageResources(results, fileSystem, staticPoint, runsPoint);
  }

  public StorageResources resources() {
    return resources;
  }

  private Bucket accessLogBucket(StorageSettings settings) {
    Bucket bucket = Bucket.Builder.create(this, "AccessLogBucket")
        // S3 server access log delivery only supports SSE-S3 on the target bucket.
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .lifecycleRules(List.of(LifecycleRule.builder()
            .id("expire-access-logs")
            .expiration(Duration.days(settings.accessLogExpiryDays()))
            .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-S1")
        .reason("This is the server access log target of the results bucket; logging it into itself "
            + "would loop and logging it elsewhere would need a third bucket with the same question.")
        .build()));
    return bucket;
  }

  private Bucket resultsBucket(StorageSettings settings, Bucket accessLogs) {
    Bucket bucket = Bucket.Builder.create(this, "ResultsBucket")
        .encryption(BucketEncryption.S3_MANAGED)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix("results-bucket/")
        .lifecycleRules(List.of(
            LifecycleRule.builder()
                .id("expire-noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(settings.noncurrentVersionExpiryDays()))
                .expiredObjectDeleteMarker(true)
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build(),
            LifecycleRule.builder()
                .id("expire-checkpoint-mirrors")
                .prefix(ResultsLayout.CHECKPOINTS_PREFIX)
                .expiration(Duration.days(settings.checkpointExpiryDays()))
                .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    // Only signed-header SigV4 requests: no presigned URLs or browser POST uploads that could leak
    // access beyond the roles that hold the permissions.
    bucket.addToResourcePolicy(denyUnless(bucket, "StringNotEquals", "s3:authType", "REST-HEADER"));
    bucket.addToResourcePolicy(denyUnless(bucket, "StringNotEquals", "s3:signatureversion", "AWS4-HMAC-SHA256"));
    return bucket;
  }

  private static PolicyStatement denyUnless(Bucket bucket, String operator, String key, String value) {
    return PolicyStatement.Builder.create()
        .effect(Effect.DENY)
        .principals(List.of(new AnyPrincipal()))
        .actions(List.of("s3:*"))
        .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects("*")))
        .conditions(Map.of(operator, Map.of(key, value)))
        .build();
  }

  private static PolicyDocument fileSystemPolicy() {
    // With a policy present, clients without IAM authorization (anonymous NFS) get no access at
    // all; the job role's identity policy grants what each access point allows.
    return PolicyDocument.Builder.create()
        .statements(List.of(PolicyStatement.Builder.create()
            .sid("DenyUnencryptedTransport")
            .effect(Effect.DENY)
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite",
                "elasticfilesystem:ClientRootAccess"))
            .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
            .build()))
        .build();
  }

  private static AccessPoint accessPoint(FileSystem fileSystem, String id, EfsVolume volume) {
    String path = volume.accessPointPath();
    String permissions = volume.permissions();
    String uid = String.valueOf(EfsLayout.JOB_UID);
    String gid = String.valueOf(EfsLayout.JOB_GID);
    return fileSystem.addAccessPoint(id, AccessPointOptions.builder()
        .path(path)
        .posixUser(PosixUser.builder().uid(uid).gid(gid).build())
        .createAcl(Acl.builder().ownerUid(uid).ownerGid(gid).permissions(permissions).build())
        .build());
  }
}
