package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The trials file of a sweep: trial {@code i} of the array job runs {@code trials.get(i)}.
 * Hyperparameter values are kept as JSON-shaped values here and parsed by {@link Hyperparameters}.
 */
public record TrialsFile(
    @JsonProperty("sweepId") String sweepId,
    @JsonProperty("preset") String preset,
    @JsonProperty("dataUri") String dataUri,
    @JsonProperty("objective") Objective objective,
    @JsonProperty("trials") List<Trial> trials) {

  public record Trial(
      @JsonProperty("trialId") String trialId,
      @JsonProperty("hyperparameters") Map<String, Object> hyperparameters) {
    @JsonCreator
    public Trial {
      TrialId.of(trialId);
      hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    }
  }

  @JsonCreator
  public TrialsFile {
    SweepId.of(sweepId);
    if (trials == null || trials.isEmpty()) {
      throw new InvalidValueException("trials", "at least one trial", trials);
    }
    trials = List.copyOf(trials);
    for (int i = 0; i < trials.size(); i++) {
      if (TrialId.of(trials.get(i).trialId()).index() != i) {
        throw new InvalidValueException("trials[" + i + "].trialId", TrialId.ofIndex(i).value(), trials.get(i).trialId());
      }
    }
  }

  public Trial trial(int index) {
    if (index < 0 || index >= trials.size()) {
      throw new InvalidValueException("trial index", "0.." + (trials.size() - 1), index);
    }
    return trials.get(index);
  }

  public byte[] toJson() {
    try {
      return ContractJson.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrialsFile fromJson(byte[] json) {
    try {
      return ContractJson.mapper().readValue(json, TrialsFile.class);
    } catch (InvalidValueException e) {
      throw e;
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidValueException ive) {
        throw ive;
      }
      throw new InvalidValueException("trials file", "valid trials JSON (" + e.getMessage() + ")", "unparseable document");
    }
  }
}
