package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/** The metric a sweep optimises and its direction, e.g. {@code val_accuracy maximize}. */
public record Objective(String metric, Goal goal) {
  public enum Goal {
    MINIMIZE, MAXIMIZE;

    @JsonCreator
    public static Goal parse(String text) {
      if (text != null) {
        for (Goal g : values()) {
          if (g.name().equalsIgnoreCase(text.trim())) {
            return g;
          }
        }
      }
      throw new InvalidValueException("objective.goal", "minimize or maximize", text);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
      return name().toLowerCase();
    }
  }

  private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_]*");

  @JsonCreator
  public Objective(@JsonProperty("metric") String metric, @JsonProperty("goal") Goal goal) {
    if (metric == null || !METRIC.matcher(metric).matches()) {
      throw new InvalidValueException("objective.metric", "a metric name such as val_loss or val_accuracy", metric);
    }
    if (goal == null) {
      throw new InvalidValueException("objective.goal", "minimize or maximize", null);
    }
    this.metric = metric;
    this.goal = goal;
  }

  /** True when {@code candidate} is strictly better than {@code incumbent} under this objective. */
  public boolean isBetter(double candidate, double incumbent) {
    if (Double.isNaN(candidate)) {
      return false;
    }
    if (Double.isNaN(incumbent)) {
      return true;
    }
    return goal == Goal.MINIMIZE ? candidate < incumbent : candidate > incumbent;
  }
}
