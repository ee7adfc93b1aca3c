package com.batchtrain.infra;

/** Which private subnets of the VPC hold the compute nodes, mount targets and endpoints. */
public enum SubnetKind {
  /** No route to the internet: AWS services only through VPC endpoints. */
  ISOLATED,
  /** A route to a NAT gateway the existing VPC already has. */
  PRIVATE_WITH_EGRESS
}
