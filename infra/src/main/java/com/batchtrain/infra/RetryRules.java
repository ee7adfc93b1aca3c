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

  /**
   * The driver's rule: every failure but bad input (64: its sweep id or options are wrong, and a retry
   * gets the same answer) is retried, a kill, a crash or a lost host alike. A driver restarted reads
   * its journal and reconciles with Batch, so a retry never submits a trial twice; a trial's retry,
   * by contrast, would train again, which is why trials retry only what the contract says.
   */
  static List<RetryStrategy> driver() {
    return List.of(
        RetryStrategy.of(Action.EXIT,
            Reason.custom(CustomReason.builder().onExitCode(String.valueOf(ExitCode.BAD_INPUT.code())).build())),
        RetryStrategy.of(Action.RETRY, Reason.custom(CustomReason.builder().onReason("*").build())));
  }
}
