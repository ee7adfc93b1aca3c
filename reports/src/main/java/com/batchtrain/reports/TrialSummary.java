package com.batchtrain.reports;

import com.batchtrain.contract.TrialId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One trial of a sweep as the sweep report sees it. {@code hyperparameters} hold JSON-like values
 * (numbers, strings, booleans, lists) as in the trials file; {@code finalMetrics} are the metrics of
 * the selected checkpoint (or the latest epoch for a running trial).
 */
public record TrialSummary(
    TrialId trialId,
    TrialState state,
    Optional<String> failureReason,
    Map<String, Object> hyperparameters,
    Map<String, Double> finalMetrics,
    TrainingHistory history,
    double computeSeconds,
    OptionalDouble costUsd) {

  public TrialSummary {
    if (trialId == null || state == null || failureReason == null || hyperparameters == null
        || finalMetrics == null || history == null || costUsd == null) {
      throw new IllegalArgumentException("trial summary fields must not be null (use empty values)");
    }
    if (!(computeSeconds >= 0) || Double.isInfinite(computeSeconds)) {
      throw new IllegalArgumentException(trialId + ": compute seconds must be finite and >= 0, was " + computeSeconds);
    }
    if (costUsd.isPresent() && !(costUsd.getAsDouble() >= 0)) {
      throw new IllegalArgumentException(trialId + ": cost must be >= 0, was " + costUsd.getAsDouble());
    }
    // Map.copyOf would reject the null values a JSON hyperparameter may legitimately hold.
    hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(hyperparameters)));
    finalMetrics = Collections.unmodifiableMap(new TreeMap<>(finalMetrics));
  }

  /** The final value of {@code metric}, when the trial reported a finite one. */
  public OptionalDouble metric(String metric) {
    Double v = finalMetrics.get(metric);
    return v == null || !Double.isFinite(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
