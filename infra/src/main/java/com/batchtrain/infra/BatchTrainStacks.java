package com.batchtrain.infra;

import com.batchtrain.contract.StackOutputs;
import java.util.List;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The app's four stacks, created in dependency order and wired through their props. */
public record BatchTrainStacks(NetworkStack network, StorageStack storage, RegistryStack registry, BatchStack batch) {

  public static BatchTrainStacks create(Construct app, InfraConfig config) {
    String prefix = config.stackPrefix();
    NetworkStack network = new NetworkStack(app, StackOutputs.stackName(prefix, StackOutputs.NETWORK_STACK),
        new NetworkStack.Props(stackProps(config, "VPC, subnets and VPC endpoints of the Batch nodes"),
            config.network(), config.batch().logRetentionDays()));
    StorageStack storage = new StorageStack(app, StackOutputs.stackName(prefix, StackOutputs.STORAGE_STACK),
        new StorageStack.Props(stackProps(config, "Results bucket and EFS file system of training jobs"),
            config.storage(), network.resources()));
    RegistryStack registry = new RegistryStack(app, StackOutputs.stackName(prefix, StackOutputs.REGISTRY_STACK),
        new RegistryStack.Props(stackProps(config, "ECR repository of the trainer image"), config.registry()));
    BatchStack batch = new BatchStack(app, StackOutputs.stackName(prefix, StackOutputs.BATCH_STACK),
        new BatchStack.Props(stackProps(config, "AWS Batch compute environments, job queues and job definitions"),
            prefix, config.batch(), network.resources(), storage.resources(), registry.repository()));
    CfnLintDirectives.allowLookedUpAvailabilityZones(network);
    CfnLintDirectives.allowOutputsComposedOfImports(batch);
    return new BatchTrainStacks(network, storage, registry, batch);
  }

  public List<Stack> all() {
    return List.of(network, storage, registry, batch);
  }

  private static StackProps stackProps(InfraConfig config, String description) {
    StackProps.Builder builder = StackProps.builder().description(description);
    DeploymentTarget target = config.target();
    if (target.account().isPresent() || target.region().isPresent()) {
      builder.env(Environment.builder()
          .account(target.account().orElse(null))
          .region(target.region().orElse(null))
          .build());
    }
    return builder.build();
  }
}
