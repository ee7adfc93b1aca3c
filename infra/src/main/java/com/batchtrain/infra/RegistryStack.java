package com.batchtrain.infra;

import com.batchtrain.contract.StackOutputs;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.constructs.Construct;

/** The ECR repository of the trainer image the job definitions run. */
public final class RegistryStack extends Stack {
  /** Inputs of the registry stack. */
  public record Props(StackProps stack, RegistrySettings settings) {}

  private final IRepository repository;

  public RegistryStack(Construct scope, String id, Props props) {
    super(scope, id, props.stack());
    RegistrySettings settings = props.settings();
    Repository repo = Repository.Builder.create(this, "TrainerRepository")
        .imageScanOnPush(true)
        // A tag always means the same image, so a job definition pinned to a tag is reproducible.
        .imageTagMutability(TagMutability.IMMUTABLE)
        .removalPolicy(RemovalPolicy.RETAIN)
        .lifecycleRules(List.of(
            LifecycleRule.builder()
                .rulePriority(1)
                .description("Expire untagged images (superseded pushes, failed builds)")
                .tagStatus(TagStatus.UNTAGGED)
                .maxImageAge(Duration.days(settings.untaggedExpiryDays()))
                .build(),
            LifecycleRule.builder()
                .rulePriority(2)
                .description("Keep the last " + settings.keepLast() + " images")
                .tagStatus(TagStatus.ANY)
                .maxImageCount(settings.keepLast())
                .build()))
        .build();
    CfnOutput.Builder.create(this, StackOutputs.REPOSITORY_URI).value(repo.getRepositoryUri())
        .description("ECR repository of the trainer image").build();
    this.repository = repo;
  }

  public IRepository repository() {
    return repository;
  }
}
