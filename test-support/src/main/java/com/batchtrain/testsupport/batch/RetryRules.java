package com.batchtrain.testsupport.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A job's retry strategy as Batch applies it after a failed attempt: while attempts remain, the
 * first {@code evaluateOnExit} rule whose every condition matches decides RETRY or EXIT; when no rule
 * matches (or there are none) the job is retried. Each condition is a glob that may end in {@code *}
 * (a prefix match); otherwise the whole value must match. An absent value is matched as empty text.
 */
final class RetryRules {
  private final int attempts;
  private final JsonNode rules;

  RetryRules(int attempts, JsonNode rules) {
    this.attempts = attempts;
    this.rules = rules;
  }

  /** The request's strategy if it has one, else the job definition's, else one attempt. */
  static RetryRules of(JsonNode request, JobDefinition definition) {
    JsonNode strategy = request.has("retryStrategy") ? request.get("retryStrategy") : definition.retryStrategy();
    return new RetryRules(strategy.path("attempts").asInt(1), strategy.path("evaluateOnExit"));
  }

  int attempts() {
    return attempts;
  }

  /** Whether attempt number {@code attemptsMade} (1-based) is followed by another one. */
  boolean retry(int attemptsMade, Optional<Integer> exitCode, String statusReason, String reason) {
    if (attemptsMade >= attempts) {
      return false;
    }
    for (JsonNode rule : rules) {
      if (matches(rule.get("onExitCode"), exitCode.map(String::valueOf).orElse(null))
          && matches(rule.get("onStatusReason"), statusReason)
          && matches(rule.get("onReason"), reason)) {
        return "RETRY".equalsIgnoreCase(rule.path("action").asText());
      }
    }
    return true;
  }

  private static boolean matches(JsonNode glob, String value) {
    if (glob == null || glob.isNull()) {
      return true; // a condition the rule does not set
    }
    String pattern = glob.asText();
    if (value == null) {
      // No exit code (the container never exited, e.g. its host was reclaimed) matches no exit-code glob
      // but "*"; no reason is the empty reason.
      return pattern.equals("*");
    }
    return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1)) : value.equals(pattern);
  }
}
