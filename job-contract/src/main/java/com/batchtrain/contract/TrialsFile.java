package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The trials file of a sweep: trial {@code i} of the array job runs {@code trials.get(i)}.
 * Hyperparameter values are kept as JSON-shaped values here and parsed by {@link Hyperparameters}.
 * The built-in trainer's model is either a {@code preset} or a {@code model} declared by columns,
 * never both; a command {@code trainer} has neither (its command is the model) and needs an objective.
 */
public record TrialsFile(
    @JsonProperty("sweepId") String sweepId,
    // Left out of the JSON when null, so a preset sweep's file reads as it did before models.
    @JsonProperty("preset") @JsonInclude(JsonInclude.Include.NON_NULL) String preset,
    @JsonProperty("model") @JsonInclude(JsonInclude.Include.NON_NULL) ModelSpec model,
    @JsonProperty("dataUri") String dataUri,
    @JsonProperty("objective") Objective objective,
    @JsonProperty("trials") List<Trial> trials,
    // Left out when null (the built-in trainer), so such a file reads as it did before command trainers.
    @JsonProperty("trainer") @JsonInclude(JsonInclude.Include.NON_NULL) TrainerSpec trainer,
    @JsonProperty("earlyStopping") @JsonInclude(JsonInclude.Include.NON_NULL) com.batchtrain.contract.pruning.EarlyStopping earlyStopping) {

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
    if (trainer != null && !trainer.isBuiltin()) {
      if (preset != null || model != null) {
        throw new InvalidValueException("preset / model", "neither with the user's own trainer (a command or Java trainer is the model)",
            preset != null ? preset : "a model declaration");
      }
      if (objective == null) {
        throw new InvalidValueException("objective", "the metric the trainer reports and its goal", null);
      }
    } else if ((preset == null || preset.isBlank()) == (model == null)) {
      throw new InvalidValueException("preset / model", "exactly one of a preset name or a model declaration",
          model == null ? preset : "both preset '" + preset + "' and a model");
    }
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

  /** A sweep without early stopping. */
  public TrialsFile(String sweepId, String preset, ModelSpec model, String dataUri, Objective objective, List<Trial> trials,
      TrainerSpec trainer) {
    this(sweepId, preset, model, dataUri, objective, trials, trainer, null);
  }

  /** This file with {@code earlyStopping} (null: none). */
  public TrialsFile withEarlyStopping(com.batchtrain.contract.pruning.EarlyStopping earlyStopping) {
    return new TrialsFile(sweepId, preset, model, dataUri, objective, trials, trainer, earlyStopping);
  }

  /** This file with {@code more} as its trials (a driven sweep's file grows as the driver proposes). */
  public TrialsFile withTrials(List<Trial> more) {
    return new TrialsFile(sweepId, preset, model, dataUri, objective, more, trainer, earlyStopping);
  }

  /** A preset sweep's file (the form every sweep had before declared models). */
  public TrialsFile(String sweepId, String preset, String dataUri, Objective objective, List<Trial> trials) {
    this(sweepId, preset, null, dataUri, objective, trials, null);
  }

  /**
   * A sweep of a model declared by its columns. A factory, not a constructor overload, so that
   * {@code new TrialsFile(id, null, ...)} stays unambiguous for existing callers.
   */
  public static TrialsFile ofModel(String sweepId, ModelSpec model, String dataUri, Objective objective, List<Trial> trials) {
    return new TrialsFile(sweepId, null, model, dataUri, objective, trials, null);
  }

  /** A sweep of the user's own (command or Java) trainer: its hyperparameters are its own (any names, JSON types). */
  public static TrialsFile ofCommand(String sweepId, TrainerSpec trainer, String dataUri, Objective objective, List<Trial> trials) {
    if (trainer.isBuiltin()) {
      throw new IllegalArgumentException("not the user's own trainer: " + trainer);
    }
    return new TrialsFile(sweepId, null, null, dataUri, objective, trials, trainer);
  }

  /** The trainer: the command, or the built-in MLP when the file names none. */
  public TrainerSpec trainerOrBuiltin() {
    return trainer == null ? TrainerSpec.builtinMlp() : trainer;
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
