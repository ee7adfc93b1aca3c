package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class NetworkStackTest {
  private static Template network;

  @BeforeAll
  static void synthesize() {
    network = SynthesizedApp.withDefaults().network();
  }

  private static Map<String, Map<String, Object>> resources(String type) {
    return network.findResources(type);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  @Test
  void vpcSpansTwoZonesWithIsolatedSubnetsAndNoNat() {
    network.resourceCountIs("AWS::EC2::VPC", 1);
    network.hasResourceProperties("AWS::EC2::VPC", Map.of(
        "CidrBlock", "10.40.0.0/16", "EnableDnsHostnames", true, "EnableDnsSupport", true));
    Map<String, Map<String, Object>> subnets = resources("AWS::EC2::Subnet");
    assertEquals(2, subnets.size());
    Set<Object> zones = subnets.values().stream()
        .map(s -> properties(s).get("AvailabilityZone")).collect(Collectors.toSet());
    assertEquals(2, zones.size(), "one subnet per availability zone");
    subnets.values().forEach(s -> assertEquals(false, properties(s).get("MapPublicIpOnLaunch")));
    network.resourceCountIs("AWS::EC2::NatGateway", 0);
    network.resourceCountIs("AWS::EC2::InternetGateway", 0);
    network.resourceCountIs("AWS::EC2::Route", 0);
  }

  @Test
  void s3GatewayEndpointIsOnEveryPrivateRouteTable() {
    Set<String> routeTables = resources("AWS::EC2::RouteTable").keySet();
    assertEquals(2, routeTables.size());
    Map<String, Map<String, Object>> gateways = network.findResources("AWS::EC2::VPCEndpoint",
        Map.of("Properties", Map.of("VpcEndpointType", "Gateway")));
    assertEquals(1, gateways.size());
    Map<String, Object> gateway = properties(gateways.values().iterator().next());
    assertEquals(serviceName("s3"), gateway.get("ServiceName"));
    Set<Object> attached = ((List<?>) gateway.get("RouteTableIds")).stream()
        .map(ref -> ((Map<?, ?>) ref).get("Ref")).collect(Collectors.toSet());
    assertEquals(routeTables, attached);
  }

  @Test
  void interfaceEndpointsLetNodesPullImagesLogAndRunTheEcsAgentWithoutNat() {
    // batch: the sweep driver job submits and watches its trials from inside the VPC.
    List<String> services = List.of("ecr.api", "ecr.dkr", "logs", "ecs", "ecs-agent", "ecs-telemetry", "batch");
    network.resourceCountIs("AWS::EC2::VPCEndpoint", services.size() + 1);
    String endpointGroup = network.findResources("AWS::EC2::SecurityGroup", Map.of("Properties",
        Map.of("GroupDescription", Match.stringLikeRegexp("Interface VPC endpoints.*")))).keySet().iterator().next();
    for (String service : services) {
      network.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
          "ServiceName", serviceName(service),
          "VpcEndpointType", "Interface",
          "PrivateDnsEnabled", true,
          "SubnetIds", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet1.*")))),
          "SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(endpointGroup, "GroupId")))));
    }
  }

  @Test
  void endpointsAcceptHttpsFromComputeNodesOnly() {
    String compute = computeGroupId();
    Map<String, Map<String, Object>> ingress = resources("AWS::EC2::SecurityGroupIngress");
    assertEquals(1, ingress.size());
    Map<String, Object> rule = properties(ingress.values().iterator().next());
    assertEquals(443, rule.get("FromPort"));
    assertEquals(443, rule.get("ToPort"));
    assertEquals(Map.of("Fn::GetAtt", List.of(compute, "GroupId")), rule.get("SourceSecurityGroupId"));
    resources("AWS::EC2::SecurityGroup").values()
        .forEach(group -> assertFalse(properties(group).containsKey("SecurityGroupIngress"), "no inline ingress"));
  }

  @Test
  void flowLogsCaptureAllTrafficIntoARetainedLogGroup() {
    network.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
        "ResourceType", "VPC", "TrafficType", "ALL", "LogDestinationType", "cloud-watch-logs"));
    network.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
  }

  private static String computeGroupId() {
    Map<String, Map<String, Object>> groups = network.findResources("AWS::EC2::SecurityGroup", Map.of("Properties",
        Map.of("GroupDescription", Match.stringLikeRegexp("AWS Batch compute nodes.*"))));
    assertEquals(1, groups.size());
    String id = groups.keySet().iterator().next();
    assertTrue(id.startsWith("ComputeSecurityGroup"));
    return id;
  }

  static Map<String, Object> serviceName(String service) {
    return Map.of("Fn::Join", List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"), "." + service)));
  }
}
