package com.batchtrain.invoke.aws;

import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.StackOutputs;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * What the deployed stacks provide to the CLI, read with DescribeStacks by the output keys of
 * {@link StackOutputs}: the results bucket, one job queue per {@link QueueChoice}, the trial job
 * definitions and, on stacks that have it, the dataset staging job definition.
 *
 * @param stageJobDefinition empty on stacks deployed before staging existed: they still serve every
 *     command except a sweep that needs staging
 * @param batchStack the Batch stack's name, for messages
 * @param driverJobDefinition the driver of a driven sweep as a Batch job; empty on stacks deployed
 *     before it existed (a driven sweep's driver then runs where the CLI runs)
 */
public record StackResources(String resultsBucket, Map<QueueChoice, String> queues, String cpuJobDefinition,
    String gpuJobDefinition, Optional<String> stageJobDefinition, List<StorageUri> readableDataPrefixes,
    String batchStack, Optional<String> driverJobDefinition) {

  public StackResources {
    queues = Map.copyOf(queues);
    readableDataPrefixes = List.copyOf(readableDataPrefixes);
  }

  /**
   * Where the job roles may read datasets: the stack's {@code ReadableDataPrefixes} output, or on
   * stacks deployed before it existed, data/ of the results bucket (all those roles could read).
   */
  public List<StorageUri> readableDataPrefixes() {
    return readableDataPrefixes;
  }

  /** The staging job definition, or why the sweep cannot start: the stack predates it. */
  public String requireStageJobDefinition() {
    return stageJobDefinition.orElseThrow(() -> new BackendUnavailableException("stack " + batchStack
        + " has no output " + StackOutputs.STAGE_JOB_DEFINITION + " (it was deployed before dataset staging existed),"
        + " so the s3:// dataset cannot be staged for the trials: redeploy infra/ from this version (cdk deploy --all)"));
  }

  /** The driver job definition, or why the driver cannot run on Batch: the stack predates it. */
  public String requireDriverJobDefinition() {
    return driverJobDefinition.orElseThrow(() -> new BackendUnavailableException("stack " + batchStack
        + " has no output " + StackOutputs.DRIVER_JOB_DEFINITION + " (it was deployed before the driver could run on Batch):"
        + " run the driver here with --driver here, or redeploy infra/ from this version (cdk deploy --all)"));
  }

  public String queue(QueueChoice choice) {
    return queues.get(choice);
  }

  public String jobDefinition(QueueChoice choice) {
    return choice.gpu() ? gpuJobDefinition : cpuJobDefinition;
  }

  /** Reads the Storage and Batch stacks named {@code <prefix>-Storage} and {@code <prefix>-Batch}. */
  public static StackResources read(CloudFormationClient cfn, String stackPrefix) {
    Map<String, String> storage = outputs(cfn, StackOutputs.stackName(stackPrefix, StackOutputs.STORAGE_STACK));
    String batchStack = StackOutputs.stackName(stackPrefix, StackOutputs.BATCH_STACK);
    Map<String, String> batch = outputs(cfn, batchStack);
    Map<QueueChoice, String> queues = new HashMap<>();
    for (QueueChoice q : QueueChoice.values()) {
      queues.put(q, required(batch, batchStack, q.outputKey()));
    }
    String bucket = required(storage, StackOutputs.stackName(stackPrefix, StackOutputs.STORAGE_STACK),
        StackOutputs.RESULTS_BUCKET);
    String readable = batch.getOrDefault(StackOutputs.READABLE_DATA_PREFIXES, "");
    List<StorageUri> prefixes = readable.isBlank()
        ? List.of(StorageUri.parse("results bucket", "s3://" + bucket + "/" + ResultsLayout.DATA_PREFIX))
        : Arrays.stream(readable.split(",")).map(String::trim).filter(p -> !p.isEmpty())
            .map(p -> StorageUri.parse(StackOutputs.READABLE_DATA_PREFIXES, p)).toList();
    return new StackResources(bucket, queues,
        required(batch, batchStack, StackOutputs.CPU_TRIAL_JOB_DEFINITION),
        required(batch, batchStack, StackOutputs.GPU_TRIAL_JOB_DEFINITION),
        Optional.ofNullable(batch.get(StackOutputs.STAGE_JOB_DEFINITION)).filter(v -> !v.isBlank()),
        prefixes, batchStack, Optional.ofNullable(batch.get(StackOutputs.DRIVER_JOB_DEFINITION)).filter(v -> !v.isBlank()));
  }

  private static Map<String, String> outputs(CloudFormationClient cfn, String stackName) {
    try {
      Stack stack = AwsFailures.call("DescribeStacks " + stackName, () -> cfn.describeStacks(r -> r.stackName(stackName)))
          .stacks().stream().findFirst()
          .orElseThrow(() -> notDeployed(stackName, null));
      Map<String, String> out = new HashMap<>();
      for (Output o : stack.outputs()) {
        out.put(o.outputKey(), o.outputValue());
      }
      return out;
    } catch (BackendUnavailableException e) {
      if (e.getCause() instanceof CloudFormationException c && c.statusCode() == 400 && c.getMessage() != null
          && c.getMessage().contains("does not exist")) {
        throw notDeployed(stackName, c);
      }
      throw e;
    }
  }

  private static BackendUnavailableException notDeployed(String stackName, Throwable cause) {
    return new StackNotDeployedException("stack " + stackName + " is not deployed in this account and region:"
        + " deploy infra/ (cdk deploy --all), pass --stack-prefix/--region/--profile, or use --backend local", cause);
  }

  private static String required(Map<String, String> outputs, String stackName, String key) {
    String v = outputs.get(key);
    if (v == null || v.isBlank()) {
      throw new BackendUnavailableException("stack " + stackName + " has no output " + key
          + ": redeploy infra/ from this version");
    }
    return v;
  }
}
