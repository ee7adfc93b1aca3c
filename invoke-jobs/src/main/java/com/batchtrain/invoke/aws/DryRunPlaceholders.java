package com.batchtrain.invoke.aws;

import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.StackOutputs;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in for the stack's outputs in a {@code --dry-run} before the stack is deployed (or while
 * AWS cannot be reached), so that every request can be reviewed first: each value names the output
 * it will come from. The results bucket must be a valid bucket name inside the layout, so it is a
 * sentinel that {@link #render} replaces in what is printed.
 */
public final class DryRunPlaceholders {
  private static final String BUCKET_SENTINEL = "batchtrain-dry-run-results-bucket";

  private DryRunPlaceholders() {}

  public static StackResources stack(String stackPrefix) {
    String batch = StackOutputs.stackName(stackPrefix, StackOutputs.BATCH_STACK);
    Map<QueueChoice, String> queues = new EnumMap<>(QueueChoice.class);
    for (QueueChoice q : QueueChoice.values()) {
      queues.put(q, placeholder(q.outputKey(), batch));
    }
    return new StackResources(BUCKET_SENTINEL, queues, placeholder(StackOutputs.CPU_TRIAL_JOB_DEFINITION, batch),
        placeholder(StackOutputs.GPU_TRIAL_JOB_DEFINITION, batch),
        Optional.of(placeholder(StackOutputs.STAGE_JOB_DEFINITION, batch)), List.of(), batch,
        Optional.of(placeholder(StackOutputs.DRIVER_JOB_DEFINITION, batch)));
  }

  /** {@code text} with the sentinel bucket replaced by the output it stands for. */
  public static String render(String text, String stackPrefix) {
    return text.replace(BUCKET_SENTINEL, placeholder(StackOutputs.RESULTS_BUCKET,
        StackOutputs.stackName(stackPrefix, StackOutputs.STORAGE_STACK)));
  }

  private static String placeholder(String output, String stack) {
    return "<" + output + " of " + stack + ">";
  }
}
