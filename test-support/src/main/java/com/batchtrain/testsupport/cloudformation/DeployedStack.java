package com.batchtrain.testsupport.cloudformation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack as the emulated account holds it after a deployment: its outputs and its resources with
 * their physical ids and resolved properties.
 */
public record DeployedStack(String name, String stackId, String creationTime, List<Output> outputs,
    Map<String, DeployedResource> resources) {

  /** One stack output as DescribeStacks returns it. */
  public record Output(String key, String value, String description, Optional<String> exportName) {}

  public DeployedStack {
    outputs = List.copyOf(outputs);
    resources = Map.copyOf(resources);
  }

  public Optional<String> output(String key) {
    return outputs.stream().filter(o -> o.key().equals(key)).map(Output::value).findFirst();
  }

  /** The resources of one CloudFormation type. */
  public List<DeployedResource> resources(String type) {
    return resources.values().stream().filter(r -> r.type().equals(type)).toList();
  }
}
