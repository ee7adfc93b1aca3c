package com.batchtrain.infra;

import com.batchtrain.contract.ExitCode;
import java.util.List;
import software.amazon.awscdk.services.batch.Action;
import software.amazon.awscdk.services.batch.CustomReason;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;

/**
 * The job contract's retry rule (docs/job-contract.md): retry spot reclamation and exit code 75,
 * stop on anything else. Batch evaluates the rules in order, so the catch-all EXIT comes last.
 */
final class RetryRules {
  private RetryRules() {}

  static List<RetryStrategy> contract() {
    return List.of(
        RetryStrategy.of(Action.RETRY,
            Reason.custom(CustomReason.builder().onStatusReason(ExitCode.SPOT_RECLAIM_STATUS_REASON).build())),
        RetryStrategy.of(Action.RETRY,
            Reason.custom(CustomReason.builder().onExitCode(String.valueOf(ExitCode.TRANSIENT.code())).build())),
        RetryStrategy.of(Action.EXIT, Reason.custom(CustomReason.builder().onReason("*").build())));
  }
}
