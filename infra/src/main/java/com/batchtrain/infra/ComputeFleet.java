package com.batchtrain.infra;

import java.util.List;
import java.util.Locale;
import software.amazon.awscdk.services.batch.AllocationStrategy;
import software.amazon.awscdk.services.batch.CfnComputeEnvironment;
import software.amazon.awscdk.services.batch.EcsMachineImage;
import software.amazon.awscdk.services.batch.EcsMachineImageType;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The four managed EC2 compute environments (CPU and GPU, on-demand and spot), all scaling from 0,
 * sharing one launch template and one instance role.
 */
final class ComputeFleet extends Construct {
  /** Root device of the ECS-optimized AMIs; the launch template resizes and encrypts it. */
  static final String ROOT_DEVICE = "/dev/xvda";
  static final String OPTIMAL = "optimal";

  private final ManagedEc2EcsComputeEnvironment cpu;
  private final ManagedEc2EcsComputeEnvironment cpuSpot;
  private final ManagedEc2EcsComputeEnvironment gpu;
  private final ManagedEc2EcsComputeEnvironment gpuSpot;

  ComputeFleet(Construct scope, String id, BatchSettings settings, NetworkResources network) {
    super(scope, id);
    LaunchTemplate template = LaunchTemplate.Builder.create(this, "LaunchTemplate")
        // Images, datasets staged by the runtime and container scratch all live on the root volume.
        .blockDevices(List.of(BlockDevice.builder()
            .deviceName(ROOT_DEVICE)
            .volume(BlockDeviceVolume.ebs(settings.rootVolumeGiB(), EbsDeviceOptions.builder()
                .volumeType(EbsDeviceVolumeType.GP3)
                .encrypted(true)
                .deleteOnTermination(true)
                .build()))
            .build()))
        .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
        // 2 hops: containers on the bridge network sit one hop behind the instance.
        .httpPutResponseHopLimit(2)
        .build();
    Role instanceRole = Role.Builder.create(this, "InstanceRole")
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description("Batch compute nodes: ECS agent registration, image pulls, container logs")
        .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(
            "service-role/AmazonEC2ContainerServiceforEC2Role")))
        .build();
    ComputeLimits limits = settings.maxvCpus();
    cpu = environment("Cpu", false, limits.cpu(), settings.cpuInstanceTypes(), settings.cpuImageType(),
        template, instanceRole, network);
    cpuSpot = environment("CpuSpot", true, limits.cpuSpot(), settings.cpuInstanceTypes(), settings.cpuImageType(),
        template, instanceRole, network);
    List<String> gpuTypes = List.of(settings.gpuInstanceType());
    gpu = environment("Gpu", false, limits.gpu(), gpuTypes, settings.gpuImageType(),
        template, instanceRole, network);
    gpuSpot = environment("GpuSpot", true, limits.gpuSpot(), gpuTypes, settings.gpuImageType(),
        template, instanceRole, network);
  }

  private ManagedEc2EcsComputeEnvironment environment(String id, boolean spot, int maxvCpus,
      List<String> instanceTypes, MachineImageType image, LaunchTemplate template, Role instanceRole,
      NetworkResources network) {
    ManagedEc2EcsComputeEnvironment.Builder builder = ManagedEc2EcsComputeEnvironment.Builder.create(this, id)
        .vpc(network.vpc())
        .vpcSubnets(network.subnets())
        .securityGroups(List.of(network.computeSecurityGroup()))
        .launchTemplate(template)
        .instanceRole(instanceRole)
        .minvCpus(0)
        .maxvCpus(maxvCpus)
        .spot(spot)
        .allocationStrategy(spot ? AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED
            : AllocationStrategy.BEST_FIT_PROGRESSIVE)
        .images(List.of(EcsMachineImage.builder()
            .imageType(EcsMachineImageType.valueOf(image.name()))
            .build()))
        .useOptimalInstanceClasses(instanceTypes.contains(OPTIMAL))
        .updateToLatestImageVersion(true);
    // Batch takes whole families (c6i) as well as sizes (c6i.2xlarge); CDK models them apart.
    List<InstanceType> types = instanceTypes.stream().filter(t -> t.contains(".")).map(InstanceType::new).toList();
    List<InstanceClass> families = instanceTypes.stream()
        .filter(t -> !t.contains(".") && !t.equals(OPTIMAL))
        .map(ComputeFleet::family)
        .toList();
    if (!types.isEmpty()) {
      builder.instanceTypes(types);
    }
    if (!families.isEmpty()) {
      builder.instanceClasses(families);
    }
    ManagedEc2EcsComputeEnvironment environment = builder.build();
    // The L2 construct references the template's default version, which never changes; pin the
    // latest version so that a change of the template reaches the compute environment.
    ((CfnComputeEnvironment) environment.getNode().getDefaultChild()).addPropertyOverride(
        "ComputeResources.LaunchTemplate.Version", template.getLatestVersionNumber());
    return environment;
  }

  private static InstanceClass family(String name) {
    try {
      return InstanceClass.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidContextException(InfraConfig.CPU_INSTANCE_TYPES,
          "EC2 instance families CDK knows (c6i, m6i, r6i, ...) or instance types", name);
    }
  }

  ManagedEc2EcsComputeEnvironment cpu() {
    return cpu;
  }

  ManagedEc2EcsComputeEnvironment cpuSpot() {
    return cpuSpot;
  }

  ManagedEc2EcsComputeEnvironment gpu() {
    return gpu;
  }

  ManagedEc2EcsComputeEnvironment gpuSpot() {
    return gpuSpot;
  }
}
