package com.batchtrain.invoke.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsResponse;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse;

/**
 * The job definition a command trainer's sweep runs when its {@code trainer.image} is not the
 * stack's: a copy of the stack's trial job definition (DescribeJobDefinitions) with only the image
 * changed, registered under a name derived from the stack definition's name and a hash of the image
 * ({@code BatchTrain-cpu-trial-image-3f2a9c01b4d7}), so that every sweep of that image on that stack
 * finds it again. An ACTIVE revision of that name whose settings are the copy's is reused; otherwise
 * (the first sweep of the image, or the stack's definition changed since) a new revision is
 * registered. Roles, volumes, mounts, user, environment, retry strategy and timeout stay the stack's,
 * so the copy runs under the same IAM roles and EFS access points as the stack's own trials.
 */
public final class ImageJobDefinitions {
  /** Tags Batch or CloudFormation set themselves ({@code aws:...}); a caller cannot register them. */
  private static final String RESERVED_TAG_PREFIX = "aws:";
  static final int MAX_NAME = 128;
  static final String NAME_INFIX = "-image-";
  private static final int HASH_CHARS = 12;

  /**
   * What a sweep of {@code image} runs on.
   *
   * @param source the stack's trial job definition, as described
   * @param registration the copy to register; empty when {@code existing} is reused or the image is the stack's
   * @param existing the ARN of an ACTIVE revision that is the copy already, or, when the image is the
   *     stack's own, the stack's definition itself
   */
  public record Plan(String image, JobDefinition source, String name, Optional<RegisterJobDefinitionRequest> registration,
      Optional<String> existing) {

    /** The image is the one the stack's definition names: nothing to register. */
    public boolean stackImage() {
      return existing.isPresent() && existing.get().equals(source.jobDefinitionArn());
    }

    /** What SubmitJob names before any registration: the existing ARN, or the copy's name (its latest revision). */
    public String jobDefinition() {
      return existing.orElse(name);
    }
  }

  private final BatchClient batch;

  public ImageJobDefinitions(BatchClient batch) {
    this.batch = batch;
  }

  /** Reads the stack's definition and the copies registered so far; registers nothing. */
  public Plan plan(String stackDefinition, String image) {
    List<JobDefinition> described = AwsFailures.call("DescribeJobDefinitions " + stackDefinition,
        () -> batch.describeJobDefinitions(r -> r.jobDefinitions(stackDefinition))).jobDefinitions();
    JobDefinition source = described.stream().findFirst().orElseThrow(() -> new BackendUnavailableException(
        "job definition " + stackDefinition + " (an output of the Batch stack) does not exist: redeploy infra/"
            + " (cdk deploy --all)"));
    if (source.containerProperties() == null) {
      throw new BackendUnavailableException("job definition " + stackDefinition + " has no containerProperties, so no"
          + " copy with another image can be made of it");
    }
    String name = name(source.jobDefinitionName(), image);
    if (image.equals(source.containerProperties().image())) {
      return new Plan(image, source, source.jobDefinitionName(), Optional.empty(), Optional.of(source.jobDefinitionArn()));
    }
    RegisterJobDefinitionRequest copy = copy(source, name, image);
    Optional<String> existing = revisions(name).stream()
        .filter(d -> "ACTIVE".equals(d.status()) && copy(d, name, image).equals(copy))
        .max(Comparator.comparingInt(JobDefinition::revision))
        .map(JobDefinition::jobDefinitionArn);
    return new Plan(image, source, name, existing.isPresent() ? Optional.empty() : Optional.of(copy), existing);
  }

  /** Registers the plan's copy if it needs one; returns the ARN (name:revision) to submit with. */
  public String apply(Plan plan) {
    if (plan.registration().isEmpty()) {
      return plan.existing().orElseThrow();
    }
    RegisterJobDefinitionRequest r = plan.registration().get();
    RegisterJobDefinitionResponse registered = AwsFailures.call("RegisterJobDefinition " + r.jobDefinitionName(),
        () -> batch.registerJobDefinition(r));
    return registered.jobDefinitionArn();
  }

  /** {@code <source name>-image-<first 12 hex of sha256(image)>}, the source name shortened to fit Batch's 128 characters. */
  public static String name(String sourceName, String image) {
    String suffix = NAME_INFIX + sha256(image).substring(0, HASH_CHARS);
    String base = sourceName.length() + suffix.length() > MAX_NAME ? sourceName.substring(0, MAX_NAME - suffix.length())
        : sourceName;
    return base + suffix;
  }

  /** The registration that makes {@code from} into a definition named {@code name} running {@code image}: nothing else changes. */
  static RegisterJobDefinitionRequest copy(JobDefinition from, String name, String image) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (from.hasTags()) {
      from.tags().forEach((k, v) -> {
        if (!k.startsWith(RESERVED_TAG_PREFIX)) {
          tags.put(k, v);
        }
      });
    }
    RegisterJobDefinitionRequest.Builder b = RegisterJobDefinitionRequest.builder()
        .jobDefinitionName(name)
        .type(from.type())
        .containerProperties(from.containerProperties().toBuilder().image(image).build())
        .retryStrategy(from.retryStrategy())
        .timeout(from.timeout())
        .propagateTags(from.propagateTags())
        .schedulingPriority(from.schedulingPriority());
    if (from.hasParameters()) {
      b.parameters(from.parameters());
    }
    if (from.hasPlatformCapabilities()) {
      b.platformCapabilitiesWithStrings(from.platformCapabilitiesAsStrings());
    }
    if (!tags.isEmpty()) {
      b.tags(tags);
    }
    return b.build();
  }

  private List<JobDefinition> revisions(String name) {
    List<JobDefinition> out = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeJobDefinitionsResponse page = AwsFailures.call("DescribeJobDefinitions " + name,
          () -> batch.describeJobDefinitions(r -> r.jobDefinitionName(name).status("ACTIVE").nextToken(next)));
      out.addAll(page.jobDefinitions());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
