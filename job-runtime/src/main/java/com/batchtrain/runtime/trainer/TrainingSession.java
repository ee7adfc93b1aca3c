package com.batchtrain.runtime.trainer;

import com.batchtrain.contract.CommandContract;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a Java {@link Trainer} gets: the command contract's paths and hyperparameters, and methods
 * that write the contract's metrics lines for it, so that the harness treats it exactly as it
 * treats a command (docs/job-contract.md, "Command trainers").
 */
public final class TrainingSession {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> contract;
  private final Map<String, Object> hyperparameters;
  private final BooleanSupplier stop;

  /** {@code contract}: the variables a command would be started with ({@link CommandContract}). */
  public TrainingSession(Map<String, String> contract, BooleanSupplier stop) {
    this.contract = Map.copyOf(contract);
    this.stop = stop;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> hp = JSON.readValue(Files.readAllBytes(path(CommandContract.HYPERPARAMETERS_FILE)), LinkedHashMap.class);
      this.hyperparameters = java.util.Collections.unmodifiableMap(hp);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + contract.get(CommandContract.HYPERPARAMETERS_FILE), e);
    }
  }

  /** The trial's hyperparameters with their JSON types (Integer/Long, Double, Boolean, String, List). */
  public Map<String, Object> hyperparameters() {
    return hyperparameters;
  }

  /** A number hyperparameter, or {@code fallback} when the sweep does not set it. */
  public double number(String name, double fallback) {
    Object v = hyperparameters.get(name);
    return v instanceof Number n ? n.doubleValue() : fallback;
  }

  /** The staged dataset: a file, or a directory of files. Read only. */
  public Path data() {
    return path(CommandContract.DATA_PATH);
  }

  /** Where each checkpoint goes, in its own subdirectory ({@link #newCheckpoint}). */
  public Path checkpointDir() {
    return path(CommandContract.CHECKPOINT_DIR);
  }

  /** The newest announced checkpoint, restored, on a retry that has one. */
  public Optional<Path> resumeFrom() {
    return Optional.ofNullable(contract.get(CommandContract.RESUME_FROM)).map(Path::of);
  }

  /** Files published with the trial. */
  public Path outputDir() {
    return path(CommandContract.OUTPUT_DIR);
  }

  public String trialId() {
    return contract.get(CommandContract.TRIAL_ID);
  }

  /** True once the harness was asked to stop (SIGTERM: spot reclaim, timeout, cancel): announce a checkpoint and return. */
  public boolean stopRequested() {
    return stop.getAsBoolean();
  }

  /** An epoch's metrics (epoch from 1). */
  public void report(int epoch, Map<String, ? extends Number> metrics) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(CommandContract.EPOCH, epoch);
    line.putAll(metrics);
    append(line);
  }

  /** A new, empty checkpoint directory {@code name} to write into, then {@link #announceCheckpoint}. */
  public Path newCheckpoint(String name) {
    try {
      return Files.createDirectories(checkpointDir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("creating checkpoint " + name, e);
    }
  }

  /** Announces checkpoint {@code name} of {@code epoch}: call it once the checkpoint is complete. */
  public void announceCheckpoint(String name, int epoch) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(CommandContract.CHECKPOINT, name);
    line.put(CommandContract.EPOCH, epoch);
    append(line);
  }

  private synchronized void append(Map<String, Object> line) {
    try {
      Files.write(path(CommandContract.METRICS_FILE), (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + contract.get(CommandContract.METRICS_FILE), e);
    }
  }

  private Path path(String variable) {
    return Path.of(contract.get(variable));
  }
}
