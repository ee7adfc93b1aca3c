package com.batchtrain.infra;

import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;

/**
 * What the network stack hands to the others.
 *
 * @param subnets where compute nodes, EFS mount targets and endpoints go
 * @param computeSecurityGroup the Batch compute nodes' group; it lives here, not in the Batch
 *     stack, so the storage stack can open NFS to it without a dependency cycle
 */
public record NetworkResources(IVpc vpc, SubnetSelection subnets, ISecurityGroup computeSecurityGroup) {}
