package com.batchtrain.testsupport.cloudformation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The CloudFormation side of an emulated AWS account: one account id and region, the stacks
 * deployed from a cloud assembly, and their exports. A provisioner hook sees every resource as it
 * is created (the Batch emulator creates the S3 buckets there).
 */
public final class EmulatedCloud {
  /** The SSM parameter CDK's bootstrap writes; templates assert its version in their Rules. */
  public static final String BOOTSTRAP_VERSION_PARAMETER = "/cdk-bootstrap/hnb659fds/version";
  /** The bootstrap version of the emulated account: a recently bootstrapped one. */
  public static final String BOOTSTRAP_VERSION = "28";

  private final String account;
  private final String region;
  private final Map<String, DeployedStack> stacks = new LinkedHashMap<>();
  private final Map<String, String> exports = new LinkedHashMap<>();
  private final Map<String, String> ssmParameters = new LinkedHashMap<>(Map.of(BOOTSTRAP_VERSION_PARAMETER, BOOTSTRAP_VERSION));
  private final PhysicalResources physical;

  public EmulatedCloud(String account, String region, long seed) {
    this.account = account;
    this.region = region;
    this.physical = new PhysicalResources(account, region, seed);
  }

  public String account() {
    return account;
  }

  public String region() {
    return region;
  }

  /** Deploys every stack of {@code assembly} in dependency order, as {@code cdk deploy --all} does. */
  public synchronized List<DeployedStack> deploy(CloudAssembly assembly, Consumer<DeployedResource> provisioner) {
    List<DeployedStack> out = new ArrayList<>();
    for (CloudAssembly.StackArtifact artifact : assembly.stacks()) {
      if (stacks.containsKey(artifact.name())) {
        throw new DeploymentException("stack " + artifact.name() + " is already deployed");
      }
      DeployedStack stack = new StackDeployment(artifact.name(), artifact.template(), account, region, exports,
          ssmParameters, physical).deploy(Instant.now().toString());
      stack.resources().values().forEach(provisioner);
      stacks.put(stack.name(), stack);
      out.add(stack);
    }
    return out;
  }

  public synchronized Optional<DeployedStack> stack(String name) {
    return Optional.ofNullable(stacks.get(name));
  }

  public synchronized List<DeployedStack> stacks() {
    return List.copyOf(stacks.values());
  }

  /** Every deployed resource of one type, across stacks. */
  public synchronized List<DeployedResource> resources(String type) {
    return stacks.values().stream().flatMap(s -> s.resources(type).stream()).toList();
  }
}
