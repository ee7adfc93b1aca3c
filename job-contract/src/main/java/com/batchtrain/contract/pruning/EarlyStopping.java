package com.batchtrain.contract.pruning;

import com.batchtrain.contract.InvalidValueException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A sweep's early stopping (the trials file's {@code earlyStopping}; docs/job-contract.md, "Early
 * stopping"): {@code asha} with {@code grace}, {@code reduction} and {@code max} epochs, or
 * {@code median} from epoch {@code after} once {@code minTrials} other trials have recorded a value.
 * Fields that do not belong to the method are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EarlyStopping(
    @JsonProperty("method") String method,
    @JsonProperty("grace") Integer grace,
    @JsonProperty("reduction") Integer reduction,
    @JsonProperty("max") Integer max,
    @JsonProperty("after") Integer after,
    @JsonProperty("minTrials") Integer minTrials) {

  public static final String ASHA = "asha";
  public static final String MEDIAN = "median";
  public static final int MAX_EPOCHS = 10_000;

  @JsonCreator
  public EarlyStopping {
    if (ASHA.equals(method)) {
      grace = grace == null ? 1 : grace;
      reduction = reduction == null ? 3 : reduction;
      require("early_stopping.grace", grace, 1, MAX_EPOCHS);
      require("early_stopping.reduction", reduction, 2, 100);
      if (max == null) {
        throw new InvalidValueException("early_stopping.max", "the most epochs a trial trains (its epochs), for method asha", null);
      }
      require("early_stopping.max", max, grace + 1, MAX_EPOCHS);
      only(method, "after", after, "min_trials", minTrials);
    } else if (MEDIAN.equals(method)) {
      after = after == null ? 1 : after;
      minTrials = minTrials == null ? 3 : minTrials;
      require("early_stopping.after", after, 1, MAX_EPOCHS);
      require("early_stopping.min_trials", minTrials, 1, 10_000);
      only(method, "grace", grace, "reduction", reduction);
      if (max != null) {
        throw new InvalidValueException("early_stopping.max", "only with method asha", max);
      }
    } else {
      throw new InvalidValueException("early_stopping.method", ASHA + " or " + MEDIAN, method);
    }
  }

  public static EarlyStopping asha(int grace, int reduction, int max) {
    return new EarlyStopping(ASHA, grace, reduction, max, null, null);
  }

  public static EarlyStopping median(int after, int minTrials) {
    return new EarlyStopping(MEDIAN, null, null, null, after, minTrials);
  }

  @JsonIgnore
  public Pruner pruner() {
    return ASHA.equals(method) ? new AshaPruner(grace, reduction, max) : new MedianPruner(after, minTrials);
  }

  private static void require(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidValueException(field, "an integer in " + min + ".." + max, value);
    }
  }

  private static void only(String method, String a, Integer va, String b, Integer vb) {
    if (va != null) {
      throw new InvalidValueException("early_stopping." + a, "not with method " + method, va);
    }
    if (vb != null) {
      throw new InvalidValueException("early_stopping." + b, "not with method " + method, vb);
    }
  }
}
