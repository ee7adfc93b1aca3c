package com.batchtrain.invoke.aws;

import com.batchtrain.invoke.cost.Market;
import com.batchtrain.invoke.cost.UnknownPriceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.CRType;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.DescribeComputeEnvironmentsResponse;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * What a job queue's compute environments launch, as Batch describes them (DescribeJobQueues, then
 * DescribeComputeEnvironments): their market and instance types, which is what jobs are priced by, and
 * their ECS clusters, which name the environment an attempt ran in (its container instance's ARN is
 * {@code arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>}). Read once per command.
 */
public final class ComputeEnvironments {
  /** DescribeComputeEnvironments takes at most 100 names per call. */
  private static final int DESCRIBE_BATCH = 100;

  /**
   * One compute environment.
   *
   * @param instanceTypes the instance types or families it may launch, as it names them
   */
  public record Environment(String arn, String name, String ecsClusterArn, String type, List<String> instanceTypes) {
    /**
     * How its instances are bought: {@code EC2} on-demand, {@code SPOT} spot.
     *
     * @throws UnknownPriceException for Fargate and unmanaged environments, which the price table cannot price
     */
    public Market market() {
      if (type.equals(CRType.EC2.toString())) {
        return Market.ON_DEMAND;
      }
      if (type.equals(CRType.SPOT.toString())) {
        return Market.SPOT;
      }
      throw new UnknownPriceException("compute_environment", "a managed EC2 or SPOT compute environment (Fargate is"
          + " priced per vCPU and GiB, and an unmanaged one's instances are the account's own: neither is in the price"
          + " table)", name + " (" + type + ")");
    }

    /** The cluster's name: the part of its container instances' and tasks' ARNs after the resource type. */
    public String clusterName() {
      return ecsClusterArn.substring(ecsClusterArn.lastIndexOf('/') + 1);
    }
  }

  private final BatchClient batch;
  private final Map<String, List<Environment>> byQueue = new HashMap<>();
  private final Map<String, Environment> byCluster = new HashMap<>();
  private boolean allRead;

  public ComputeEnvironments(BatchClient batch) {
    this.batch = batch;
  }

  /** The region the client talks to: where the jobs run and are priced. */
  public String region() {
    return batch.serviceClientConfiguration().region().id();
  }

  /** The environments of a queue (ARN or name), in the order Batch tries them. */
  public List<Environment> ofQueue(String queue) {
    List<Environment> cached = byQueue.get(queue);
    if (cached != null) {
      return cached;
    }
    List<JobQueueDetail> queues = AwsFailures.call("DescribeJobQueues " + queue,
        () -> batch.describeJobQueues(r -> r.jobQueues(queue))).jobQueues();
    if (queues.isEmpty()) {
      throw new StackNotDeployedException("job queue " + queue + " does not exist (DescribeJobQueues found none): is the"
          + " stack deployed in " + region() + "?", null);
    }
    List<String> order = queues.get(0).computeEnvironmentOrder().stream()
        .sorted(Comparator.comparing(ComputeEnvironmentOrder::order)).map(ComputeEnvironmentOrder::computeEnvironment)
        .toList();
    Map<String, Environment> described = new HashMap<>();
    describe(order).forEach(e -> {
      described.put(e.arn(), e);
      described.put(e.name(), e);
    });
    List<Environment> out = new ArrayList<>();
    for (String ce : order) {
      Optional.ofNullable(described.get(ce)).ifPresent(out::add);
    }
    byQueue.put(queue, out);
    byQueue.put(queues.get(0).jobQueueArn(), out);
    return out;
  }

  /**
   * The environment whose ECS cluster holds a container instance, by the cluster in its ARN; every
   * environment of the account is read the first time one is not among those read so far (a queue's
   * environments may have changed since the attempt ran).
   */
  public Optional<Environment> ofContainerInstance(String containerInstanceArn) {
    if (containerInstanceArn == null || !containerInstanceArn.contains(":container-instance/")) {
      return Optional.empty();
    }
    String rest = containerInstanceArn.substring(containerInstanceArn.indexOf(":container-instance/")
        + ":container-instance/".length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty(); // the old ARN format without the cluster: it names no environment
    }
    String cluster = rest.substring(0, slash);
    if (!byCluster.containsKey(cluster) && !allRead) {
      describe(List.of());
      allRead = true;
    }
    return Optional.ofNullable(byCluster.get(cluster));
  }

  /** Describes the named environments (all of them when none are named), remembering each by its cluster. */
  private List<Environment> describe(List<String> names) {
    List<Environment> out = new ArrayList<>();
    if (names.isEmpty()) {
      String token = null;
      do {
        String next = token;
        DescribeComputeEnvironmentsResponse page = AwsFailures.call("DescribeComputeEnvironments",
            () -> batch.describeComputeEnvironments(r -> r.nextToken(next)));
        page.computeEnvironments().forEach(d -> out.add(environment(d)));
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    } else {
      for (int from = 0; from < names.size(); from += DESCRIBE_BATCH) {
        List<String> chunk = names.subList(from, Math.min(names.size(), from + DESCRIBE_BATCH));
        AwsFailures.call("DescribeComputeEnvironments", () -> batch.describeComputeEnvironments(r -> r
            .computeEnvironments(chunk))).computeEnvironments().forEach(d -> out.add(environment(d)));
      }
    }
    out.forEach(e -> byCluster.put(e.clusterName(), e));
    return out;
  }

  private static Environment environment(ComputeEnvironmentDetail d) {
    boolean managed = d.computeResources() != null;
    return new Environment(d.computeEnvironmentArn(), d.computeEnvironmentName(),
        d.ecsClusterArn() == null ? "" : d.ecsClusterArn(), managed ? d.computeResources().typeAsString() : "UNMANAGED",
        managed ? d.computeResources().instanceTypes() : List.of());
  }
}
