package com.batchtrain.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC the GPU nodes run in. A new VPC has only isolated subnets and no NAT gateway: every AWS
 * service a Batch node talks to is reached through a VPC endpoint, so nothing leaves the VPC and
 * there is no NAT bill per GB of images and datasets.
 */
public final class NetworkStack extends Stack {
  /** Interface endpoints a Batch node without internet access needs, by construct id. */
  static final Map<String, InterfaceVpcEndpointAwsService> INTERFACE_ENDPOINTS = Map.of(
      // image pulls: ECR API (auth token, manifests) and the Docker registry endpoint
      "EcrApi", InterfaceVpcEndpointAwsService.ECR,
      "EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER,
      // awslogs log driver
      "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      // the ECS agent Batch runs on each node: registration, task state, metrics
      "Ecs", InterfaceVpcEndpointAwsService.ECS,
      "EcsAgent", InterfaceVpcEndpointAwsService.ECS_AGENT,
      "EcsTelemetry", InterfaceVpcEndpointAwsService.ECS_TELEMETRY,
      // the sweep driver job (invoke-jobs drive) submits, lists and stops its trials
      "Batch", InterfaceVpcEndpointAwsService.BATCH);

  /** Inputs of the network stack. */
  public record Props(StackProps stack, NetworkSettings settings, int logRetentionDays) {}

  private final NetworkResources resources;

  public NetworkStack(Construct scope, String id, Props props) {
    super(scope, id, props.stack());
    NetworkSettings settings = props.settings();
    SubnetSelection subnets = SubnetSelection.builder()
        .subnetType(settings.subnets() == SubnetKind.ISOLATED
            ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS)
        .build();
    IVpc vpc = settings.vpcId()
        .map(vpcId -> Vpc.fromLookup(this, "Vpc", VpcLookupOptions.builder().vpcId(vpcId).build()))
        .orElseGet(() -> newVpc(settings));

    LogGroup flowLogs = RetainedLogGroup.create(this, "FlowLogs", null, props.logRetentionDays());
    vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
        .trafficType(FlowLogTrafficType.ALL)
        .build());

    SecurityGroup compute = SecurityGroup.Builder.create(this, "ComputeSecurityGroup")
        .vpc(vpc)
        .description("AWS Batch compute nodes of the training queues")
        // Nodes reach S3 (prefix list), endpoints (443) and EFS (2049); with no NAT in a new VPC
        // nothing else is routable, so egress needs no narrower rules.
        .allowAllOutbound(true)
        .build();

    if (settings.vpcEndpoints()) {
      addEndpoints(vpc, subnets, compute);
    }
    resources = new NetworkResources(vpc, subnets, compute);
  }

  public NetworkResources resources() {
    return resources;
  }

  private Vpc newVpc(NetworkSettings settings) {
    return Vpc.Builder.create(this, "Vpc")
        .ipAddresses(IpAddresses.cidr(settings.vpcCidr()))
        .maxAzs(settings.maxAzs())
        .natGateways(0)
        .enableDnsHostnames(true)
        .enableDnsSupport(true)
        .subnetConfiguration(List.of(SubnetConfiguration.builder()
            .name("Private")
            .subnetType(SubnetType.PRIVATE_ISOLATED)
            .build()))
        .build();
  }

  private void addEndpoints(IVpc vpc, SubnetSelection subnets, SecurityGroup compute) {
    // S3 carries ECR image layers as well as results and datasets: a gateway endpoint on every
    // private route table is free and keeps that traffic off any NAT.
    vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
        .service(GatewayVpcEndpointAwsService.S3)
        .subnets(List.of(subnets))
        .build());
    SecurityGroup endpoints = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
        .vpc(vpc)
        .description("Interface VPC endpoints: HTTPS from the Batch compute nodes only")
        .allowAllOutbound(false)
        .build();
    endpoints.addIngressRule(compute, Port.tcp(443), "HTTPS from Batch compute nodes");
    INTERFACE_ENDPOINTS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> vpc.addInterfaceEndpoint(e.getKey(), InterfaceVpcEndpointOptions.builder()
            .service(e.getValue())
            .subnets(subnets)
            .securityGroups(List.of(endpoints))
            .privateDnsEnabled(true)
            .open(false)
            .build()));
  }
}
