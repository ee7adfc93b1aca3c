package com.batchtrain.infra;

import java.util.Optional;

/**
 * A new VPC ({@code vpcId} empty) or an existing one looked up by id.
 *
 * @param vpcEndpoints whether to create the S3 gateway and interface endpoints
 */
public record NetworkSettings(
    Optional<String> vpcId, String vpcCidr, int maxAzs, SubnetKind subnets, boolean vpcEndpoints) {}
