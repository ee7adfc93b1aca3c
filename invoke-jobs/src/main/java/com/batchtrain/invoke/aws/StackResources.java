package com.batchtrain.invoke.aws;

import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.StackOutputs;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * What the deployed stacks provide to the CLI, read with DescribeStacks by the output keys of
 * {@link StackOutputs}: the results bucket, one job queue per {@link QueueChoice}, and the trial
 * job definitions.
 */
public record StackResources(String resultsBucket, Map<QueueChoice, String> queues, String cpuJobDefinition,
    String gpuJobDefinition) {

  public StackResources {
    queues = Map.copyOf(queues);
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
    return new StackResources(
        required(storage, StackOutputs.stackName(stackPrefix, StackOutputs.STORAGE_STACK), StackOutputs.RESULTS_BUCKET),
        queues,
        required(batch, batchStack, StackOutputs.CPU_TRIAL_JOB_DEFINITION),
        required(batch, batchStack, StackOutputs.GPU_TRIAL_JOB_DEFINITION));
  }

  private static Map<String, String> outputs(CloudFormationClient cfn, String stackName) {
    try {
      Stack stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().stream().findFirst()
          .orElseThrow(() -> notDeployed(stackName, null));
      Map<String, String> out = new HashMap<>();
      for (Output o : stack.outputs()) {
        out.put(o.outputKey(), o.outputValue());
      }
      return out;
    } catch (CloudFormationException e) {
      if (e.statusCode() == 400 && e.getMessage() != null && e.getMessage().contains("does not exist")) {
        throw notDeployed(stackName, e);
      }
      throw new BackendUnavailableException("DescribeStacks " + stackName + " failed: "
          + e.awsErrorDetails().errorMessage(), e);
    }
  }

  private static BackendUnavailableException notDeployed(String stackName, Throwable cause) {
    return new BackendUnavailableException("stack " + stackName + " is not deployed in this account and region:"
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
