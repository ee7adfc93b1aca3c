package com.batchtrain.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One quantity followed over epochs, with its training and validation series when both were logged
 * (e.g. {@code loss} pairs {@code loss} with {@code val_loss}).
 */
public record MetricCurve(String name, Optional<String> trainMetric, Optional<String> validationMetric) {
  public static final String VALIDATION_PREFIX = "val_";

  public MetricCurve {
    if (trainMetric.isEmpty() && validationMetric.isEmpty()) {
      throw new IllegalArgumentException("a curve needs a train or a validation metric: " + name);
    }
  }

  /** The curves of a history: one per metric name once the {@code val_} prefix is stripped. */
  public static List<MetricCurve> of(TrainingHistory history) {
    var names = history.metricNames();
    List<MetricCurve> curves = new ArrayList<>();
    for (String metric : names) {
      if (metric.startsWith(VALIDATION_PREFIX)) {
        String base = metric.substring(VALIDATION_PREFIX.length());
        if (!names.contains(base)) {
          curves.add(new MetricCurve(base, Optional.empty(), Optional.of(metric)));
        }
      } else {
        String validation = VALIDATION_PREFIX + metric;
        curves.add(new MetricCurve(metric, Optional.of(metric),
            names.contains(validation) ? Optional.of(validation) : Optional.empty()));
      }
    }
    curves.sort(java.util.Comparator.comparing(MetricCurve::name));
    return List.copyOf(curves);
  }
}
