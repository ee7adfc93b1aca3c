package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A managed compute environment: what it may launch and how much of it at once.
 *
 * @param spot whether its instances are spot instances (the ones a spot interruption can reclaim)
 * @param instanceTypes instance types or families, as the template lists them
 * @param ecsClusterArn the ECS cluster Batch made for it: its container instances' ARNs name this cluster
 * @param computeResources the template's ComputeResources in the API's spelling (DescribeComputeEnvironments)
 * @param serviceRole the template's ServiceRole, or null
 */
public record ComputeEnvironment(String arn, String name, boolean spot, int maxvCpus, List<String> instanceTypes,
    boolean enabled, String ecsClusterArn, JsonNode computeResources, String serviceRole) {

  /** The cluster's name, as Batch names it ({@code <environment>_Batch_<uuid>}): the middle of ECS ARNs. */
  public String ecsClusterName() {
    return ecsClusterArn.substring(ecsClusterArn.indexOf(":cluster/") + ":cluster/".length());
  }
}
