package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The last object a trial publishes. It lists every published object with its size and sha256;
 * readers trust a trial's results only through its manifest.
 *
 * @param classNames a classifier's classes in index order (the model's output {@code i} is
 *     {@code classNames[i]}); null for a regressor and in manifests written before it existed
 */
public record Manifest(
    @JsonProperty("sweepId") String sweepId,
    @JsonProperty("trialId") String trialId,
    @JsonProperty("createdAt") String createdAt,
    @JsonProperty("hyperparameters") Map<String, Object> hyperparameters,
    @JsonProperty("metrics") Map<String, Double> metrics,
    @JsonProperty("files") List<Entry> files,
    @JsonProperty("classNames") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> classNames,
    @JsonProperty("pruned") @JsonInclude(JsonInclude.Include.NON_NULL) Pruned pruned) {

  /**
   * A trial early stopping ended: what it published is its best up to {@code epoch} of the
   * {@code plannedEpochs} it would have trained, and why it stopped.
   */
  public record Pruned(@JsonProperty("epoch") int epoch, @JsonProperty("plannedEpochs") int plannedEpochs,
      @JsonProperty("reason") String reason) {}

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** One published object, by its key relative to the trial directory. */
  public record Entry(
      @JsonProperty("path") String path,
      @JsonProperty("size") long size,
      @JsonProperty("sha256") String sha256) {
    @JsonCreator
    public Entry {
      if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("..")) {
        throw new InvalidValueException("manifest.files.path", "a relative key", path);
      }
      if (size < 0) {
        throw new InvalidValueException("manifest.files.size", "a non-negative size", size);
      }
      if (sha256 == null || !SHA256.matcher(sha256).matches()) {
        throw new InvalidValueException("manifest.files.sha256", "64 lowercase hex digits", sha256);
      }
    }
  }

  @JsonCreator
  public Manifest {
    SweepId.of(sweepId);
    TrialId.of(trialId);
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    files = files == null ? List.of() : List.copyOf(files);
    classNames = classNames == null ? null : List.copyOf(classNames);
  }

  /** A manifest without class names (a regressor's). */
  public Manifest(String sweepId, String trialId, String createdAt, Map<String, Object> hyperparameters,
      Map<String, Double> metrics, List<Entry> files) {
    this(sweepId, trialId, createdAt, hyperparameters, metrics, files, null, null);
  }

  /** A trial that trained all its epochs. */
  public Manifest(String sweepId, String trialId, String createdAt, Map<String, Object> hyperparameters,
      Map<String, Double> metrics, List<Entry> files, List<String> classNames) {
    this(sweepId, trialId, createdAt, hyperparameters, metrics, files, classNames, null);
  }

  public byte[] toJson() {
    try {
      return ContractJson.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Manifest fromJson(byte[] json) {
    try {
      return ContractJson.mapper().readValue(json, Manifest.class);
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidValueException ive) {
        throw ive;
      }
      throw new InvalidValueException("manifest", "valid manifest JSON (" + e.getMessage() + ")", "unparseable document");
    }
  }
}
