package com.batchtrain.invoke.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.BatchClientBuilder;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;

/**
 * Builds the Batch and CloudFormation clients. Credentials always come from the SDK's default
 * chain (environment, profile via {@code aws.profile}, SSO, instance role): never from arguments.
 *
 * @param region empty to use the SDK's region chain
 * @param endpoint one endpoint for both services (a test server or an emulator); empty for AWS
 */
public record AwsClients(Optional<String> region, Optional<URI> endpoint) {

  public BatchClient batch() {
    BatchClientBuilder b = BatchClient.builder();
    region.ifPresent(r -> b.region(Region.of(r)));
    endpoint.ifPresent(b::endpointOverride);
    // Building resolves the region: without one the SDK throws here, before any call.
    return AwsFailures.call("AWS Batch", b::build);
  }

  public CloudFormationClient cloudFormation() {
    CloudFormationClientBuilder b = CloudFormationClient.builder();
    region.ifPresent(r -> b.region(Region.of(r)));
    endpoint.ifPresent(b::endpointOverride);
    return AwsFailures.call("AWS CloudFormation", b::build);
  }
}
