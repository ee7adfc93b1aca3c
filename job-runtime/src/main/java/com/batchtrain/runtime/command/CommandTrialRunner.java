package com.batchtrain.runtime.command;

import com.batchtrain.contract.CommandContract;
import com.batchtrain.contract.CommandTemplate;
import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.Manifest;
import com.batchtrain.reports.tensorboard.TensorBoardLog;
import com.batchtrain.runtime.model.EpochListener;
import com.batchtrain.runtime.model.EpochRecord;
import com.batchtrain.runtime.publish.LiveTensorBoard;
import com.batchtrain.runtime.publish.TrialVisuals;
import com.batchtrain.runtime.pruning.PruningGate;
import com.batchtrain.runtime.model.StopSignal;
import com.batchtrain.runtime.publish.TrialOutputs;
import com.batchtrain.runtime.staging.DatasetCache;
import com.batchtrain.runtime.staging.TrainingData;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.TrialPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial of a command trainer under the harness (docs/job-contract.md, "Command trainers"):
 * stages the data, restores the newest announced checkpoint, starts the command with the contract's
 * variables, follows its metrics file (epoch metrics to the results store as they come, checkpoint
 * announcements copied and mirrored), forwards a stop, and publishes the best announced checkpoint,
 * the output directory, the history and the config, manifest last, as for the built-in trainer.
 */
public final class CommandTrialRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CommandTrialRunner.class);
  private static final long POLL_MILLIS = 200;
  /** Warnings about malformed metrics lines after which the rest are only counted. */
  private static final int MAX_WARNINGS = 20;

  private final ObjectStore results;
  private final ObjectStore data;
  private final StopSignal stop;
  private final Map<String, String> env;

  public CommandTrialRunner(ObjectStore results, ObjectStore data, StopSignal stop, Map<String, String> env) {
    this.results = results;
    this.data = data;
    this.stop = stop;
    this.env = Map.copyOf(env);
  }

  public Manifest run(CommandTrialSpec spec) {
    try (TrainingData local = new DatasetCache(data, spec.cacheDir()).forTraining(spec.dataUri())) {
      return run(spec, local.path());
    }
  }

  private Manifest run(CommandTrialSpec spec, Path dataPath) {
    TrialPublisher publisher = new TrialPublisher(results, spec.layout());
    TrialJournal journal = new TrialJournal(spec.runDir(), results, spec.layout().checkpoints(spec.sweepId(), spec.trialId()),
        spec.objective(), spec.keepTopK());
    Optional<TrialJournal.Announced> resumeFrom = journal.resume();
    Path work = spec.runDir().resolve(TrialJournal.DIR).resolve("work");
    TrialJournal.deleteTree(work);
    Path checkpoints = work.resolve("checkpoints");
    Path output = work.resolve("output");
    Path metricsFile = work.resolve("metrics.jsonl");
    Path hyperparametersFile = work.resolve("hyperparameters.json");
    Map<String, String> vars = new LinkedHashMap<>();
    try {
      Files.createDirectories(checkpoints);
      Files.createDirectories(output);
      Files.write(hyperparametersFile, ContractJson.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsBytes(spec.hyperparameters()));
    } catch (IOException e) {
      throw new UncheckedIOException("preparing " + work, e);
    }
    resumeFrom.ifPresent(a -> vars.put(CommandContract.RESUME_FROM, journal.restore(a, checkpoints).toString()));
    vars.put(CommandContract.HYPERPARAMETERS_FILE, hyperparametersFile.toString());
    spec.hyperparameters().forEach((name, value) ->
        vars.put(CommandContract.hyperparameterVariable(name), CommandTemplate.text(value)));
    vars.put(CommandContract.DATA_PATH, dataPath.toString());
    vars.put(CommandContract.CHECKPOINT_DIR, checkpoints.toString());
    vars.put(CommandContract.OUTPUT_DIR, output.toString());
    vars.put(CommandContract.METRICS_FILE, metricsFile.toString());
    vars.put(CommandContract.TRIAL_ID, spec.trialId().value());
    Path workingDir = spec.workingDir().orElse(Path.of("").toAbsolutePath());
    LOG.info("trial {}/{}: {} in {}{}", spec.sweepId(), spec.trialId(), spec.trainer().isJava()
        ? "Java trainer '" + spec.trainer().java() + "'" : "command " + spec.argv(), workingDir,
        resumeFrom.map(a -> ", resuming from checkpoint '" + a.name() + "' (epoch " + a.epoch() + ")").orElse(""));

    Path tensorBoardDir = spec.runDir().resolve(TrialJournal.DIR).resolve(TrialVisuals.TENSORBOARD);
    int code;
    Optional<Manifest.Pruned> pruned;
    try (LiveTensorBoard tensorBoard = new LiveTensorBoard(tensorBoardDir, results,
        spec.layout().trial(spec.sweepId(), spec.trialId()).resolve(TrialVisuals.TENSORBOARD + "/"), TensorBoardLog.localHost())) {
      // The resumed history first: the log never holds epochs a killed attempt trained past its last checkpoint.
      tensorBoard.onStart(journal.history());
      Reporter reporter = new Reporter(spec, journal, publisher, checkpoints, metricsFile, tensorBoard,
          PruningGate.of(results, spec.layout(), spec.sweepId(), spec.trialId(), spec.earlyStopping(), spec.objective()));
      code = train(spec, reporter, vars, workingDir, journal);
      reporter.flush();
      if (reporter.misreported().isPresent()) {
        throw reporter.misreported().get();
      }
      // Pruned only when the harness did stop it: a trainer that finished before the decision reached it trained all it would.
      int reached = journal.history().stream().mapToInt(EpochRecord::epoch).max().orElse(0);
      // A fast trainer may have trained every planned epoch before the stop reached it: then it was not pruned.
      pruned = reporter.pruned().filter(p -> reporter.stoppedForPruning)
          .filter(p -> reached < plannedEpochs(spec, reached))
          .map(p -> new Manifest.Pruned(reached, plannedEpochs(spec, reached), p.reason()));
    }
    // A trainer stopped by early stopping exits however SIGTERM makes it exit: what it announced stands.
    if (code != 0 && pruned.isEmpty()) {
      throw failure(code, output);
    }
    return publish(spec, journal, publisher, output, tensorBoardDir, pruned);
  }

  /** The epochs the trial would have trained: early stopping's max, else an integer epochs hyperparameter, else as far as it got. */
  private static int plannedEpochs(CommandTrialSpec spec, int reached) {
    if (spec.earlyStopping().isPresent() && spec.earlyStopping().get().max() != null) {
      return spec.earlyStopping().get().max();
    }
    Object epochs = spec.hyperparameters().get("epochs");
    return epochs instanceof Integer || epochs instanceof Long ? (int) ((Number) epochs).longValue() : reached;
  }

  /** Starts the trainer and follows it to its end (or its stop); returns its exit code. */
  private int train(CommandTrialSpec spec, Reporter reporter, Map<String, String> vars, Path workingDir, TrialJournal journal) {
    Path metricsFile = reporter.tail.file();
    RunningTrainer process;
    if (spec.trainer().isJava()) {
      process = JavaTrainerThread.start(spec.trainer().java(), spec.trainer().javaClasspath(), workingDir, vars);
    } else {
      try {
        process = TrainerProcess.start(spec.argv(), vars, workingDir, java.util.Optional.ofNullable(spec.trainer().stdoutMetrics()),
            metricsFile);
      } catch (IOException e) {
        // The program is missing or not executable: the spec is wrong, and every retry fails alike.
        throw new TrainerExitException(ExitCode.BAD_INPUT, "cannot start the trainer " + spec.argv().get(0) + ": " + e.getMessage());
      }
    }
    try {
      while (!process.waitFor(POLL_MILLIS)) {
        reporter.consume(reporter.tail.poll());
        if (reporter.misreported().isPresent()) {
          LOG.error("stopping the trainer ({}): {}", process.describe(), reporter.misreported().get().getMessage());
          process.stop(spec.stopGraceSeconds());
          throw reporter.misreported().get();
        }
        if (reporter.pruned().isPresent() && !stop.requested()) {
          LOG.info("early stopping: stopping the trainer ({}) after epoch {}", process.describe(), reporter.pruned().get().epoch());
          reporter.stoppedForPruning = true;
          process.stop(spec.stopGraceSeconds());
          reporter.consume(reporter.tail.finish());
          return process.exitValue();
        }
        if (stop.requested()) {
          LOG.warn("stopping the trainer ({}): SIGTERM, SIGKILL after {} s", process.describe(), spec.stopGraceSeconds());
          boolean exited = process.stop(spec.stopGraceSeconds());
          reporter.consume(reporter.tail.finish());
          stop.acknowledge();
          throw new TrainerExitException(ExitCode.TRANSIENT, "stopped by SIGTERM" + (exited ? "" : " (the trainer ignored it and was"
              + " killed after " + spec.stopGraceSeconds() + " s)") + "; a retry resumes from "
              + journal.newest().map(a -> "checkpoint '" + a.name() + "' (epoch " + a.epoch() + ")").orElse("the start (no checkpoint announced)"));
        }
      }
      reporter.consume(reporter.tail.finish());
      return process.exitValue();
    } catch (InterruptedException e) {
      process.kill();
      Thread.currentThread().interrupt();
      throw new TrainerExitException(ExitCode.TRANSIENT, "interrupted while the trainer ran");
    } catch (IOException e) {
      process.kill();
      throw new UncheckedIOException("reading " + metricsFile, e);
    } catch (RuntimeException e) {
      process.kill();
      throw e;
    }
  }

  /** The exit code and reason of a command that exited non-zero. */
  private static TrainerExitException failure(int code, Path output) {
    Optional<String> reason = failureFile(output);
    Optional<ExitCode> known = ExitCode.fromCode(code).filter(c -> c == ExitCode.BAD_INPUT || c == ExitCode.BAD_DATA || c == ExitCode.TRANSIENT);
    String how = code > 128 ? "the trainer was killed by signal " + (code - 128) : "the trainer exited " + code;
    return new TrainerExitException(known.orElse(ExitCode.FAILED), reason.map(r -> how + ": " + r).orElse(how
        + " (it wrote no " + CommandContract.FAILURE_FILE + " file in " + CommandContract.OUTPUT_DIR + "; its log has the details)"));
  }

  private static Optional<String> failureFile(Path output) {
    Path file = output.resolve(CommandContract.FAILURE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      String text = new String(in.readNBytes(CommandContract.FAILURE_FILE_BYTES), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Manifest publish(CommandTrialSpec spec, TrialJournal journal, TrialPublisher publisher, Path output, Path tensorBoard,
      Optional<Manifest.Pruned> pruned) {
    String metric = spec.objective().metric();
    List<EpochRecord> history = journal.history();
    Optional<TrialJournal.Announced> best = journal.best();
    Comparator<EpochRecord> byObjective = Comparator.comparingDouble(r -> r.metrics().get(metric));
    Optional<EpochRecord> bestEpoch = history.stream().filter(r -> r.metrics().containsKey(metric))
        .min(spec.objective().goal() == com.batchtrain.contract.Objective.Goal.MINIMIZE ? byObjective : byObjective.reversed());
    if (best.isEmpty() && bestEpoch.isEmpty()) {
      java.util.Set<String> seen = new java.util.TreeSet<>();
      history.forEach(r -> seen.addAll(r.metrics().keySet()));
      throw new TrainerExitException(ExitCode.FAILED, "the trainer exited 0 but never reported the objective '" + metric + "' in "
          + CommandContract.METRICS_FILE + " (" + (seen.isEmpty() ? "no metrics lines at all" : "metrics it reported: " + seen) + ")");
    }
    // The best announced checkpoint decides; without checkpoints, the best reported epoch.
    int selectedEpoch = best.map(TrialJournal.Announced::epoch).orElseGet(() -> bestEpoch.get().epoch());
    Map<String, Double> selected = new LinkedHashMap<>(best.map(TrialJournal.Announced::metrics)
        .orElseGet(() -> bestEpoch.get().metrics()));

    Path dir = spec.runDir().resolve(TrialJournal.DIR).resolve("publish");
    TrialJournal.deleteTree(dir);
    try {
      Files.createDirectories(dir);
      best.ifPresent(a -> TrialJournal.copyTree(journal.copyOf(a), dir.resolve(TrialOutputs.CHECKPOINT)));
      if (Files.isDirectory(tensorBoard)) {
        TrialJournal.copyTree(tensorBoard, dir.resolve(TrialVisuals.TENSORBOARD));
      }
      try (var files = Files.list(output)) {
        if (files.anyMatch(f -> !f.getFileName().toString().equals(CommandContract.FAILURE_FILE))) {
          TrialJournal.copyTree(output, dir.resolve("output"));
          Files.deleteIfExists(dir.resolve("output").resolve(CommandContract.FAILURE_FILE));
        }
      }
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("trainer", spec.trainer());
      config.put("argv", spec.argv());
      config.put("hyperparameters", spec.hyperparameters());
      config.put("objective", spec.objective());
      config.put("dataUri", spec.dataUri().toString());
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("objective", spec.objective());
      metrics.put("selectedEpoch", selectedEpoch);
      metrics.put("selectedCheckpoint", best.map(TrialJournal.Announced::name).orElse(null));
      metrics.put("validation", selected);
      Files.write(dir.resolve(TrialOutputs.CONFIG), ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
      Files.write(dir.resolve(TrialOutputs.HISTORY), ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(history));
      Files.write(dir.resolve(TrialOutputs.METRICS), ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
    } catch (IOException e) {
      throw new UncheckedIOException("writing the outputs in " + dir, e);
    }
    selected.put("selected_epoch", (double) selectedEpoch);
    Manifest manifest = publisher.publish(spec.sweepId(), spec.trialId(), dir, spec.hyperparameters(), selected, null,
        pruned.orElse(null));
    LOG.info("trial {}/{}: {} {} at epoch {}{}", spec.sweepId(), spec.trialId(), metric, selected.get(metric), selectedEpoch,
        best.map(a -> " (checkpoint '" + a.name() + "')").orElse(" (no checkpoint announced)"));
    TrialJournal.deleteTree(dir);
    return manifest;
  }

  /**
   * Turns metrics lines into history, live epoch metrics and announcements. An epoch goes to
   * TensorBoard once it is complete (a later epoch's line came, or the trainer ended): its metrics
   * may arrive on several lines.
   */
  private static final class Reporter {
    final MetricsTail tail;
    private final CommandTrialSpec spec;
    private final TrialJournal journal;
    private final TrialPublisher publisher;
    private final Path checkpoints;
    private final Path metricsFile;
    private final EpochListener tensorBoard;
    private final PruningGate gate;
    private PrunedAt pruned;
    /** Early stopping checked an epoch whose metrics lack the objective: the trial ends with exit 64. */
    private InvalidValueException misreported;
    /** Set once the harness stopped the trainer because of {@link #pruned}. */
    boolean stoppedForPruning;
    private final long started = System.nanoTime();
    private long epochStarted = started;
    private int current;
    private int logged;
    private int warnings;

    /** Where and why early stopping ended the trial. */
    record PrunedAt(int epoch, String reason) {}

    Reporter(CommandTrialSpec spec, TrialJournal journal, TrialPublisher publisher, Path checkpoints, Path metricsFile,
        EpochListener tensorBoard, PruningGate gate) {
      this.gate = gate;
      this.spec = spec;
      this.journal = journal;
      this.publisher = publisher;
      this.checkpoints = checkpoints;
      this.metricsFile = metricsFile;
      this.tensorBoard = tensorBoard;
      this.tail = new MetricsTail(metricsFile);
    }

    /** The last epoch reported is complete: the trainer ended. */
    void flush() {
      log(current);
    }

    Optional<PrunedAt> pruned() {
      return Optional.ofNullable(pruned);
    }

    Optional<InvalidValueException> misreported() {
      return Optional.ofNullable(misreported);
    }

    /** Epoch {@code epoch} is complete: to TensorBoard, and to early stopping (once: the first stop decides). */
    private void log(int epoch) {
      if (epoch > logged) {
        Optional<EpochRecord> record = journal.history().stream().filter(r -> r.epoch() == epoch).findFirst();
        record.ifPresent(r -> tensorBoard.onEpoch(r, (System.nanoTime() - started) / 1e9));
        logged = epoch;
        if (pruned == null && misreported == null && record.isPresent()) {
          try {
            gate.check(epoch, record.get().metrics()).ifPresent(reason -> pruned = new PrunedAt(epoch, reason));
          } catch (InvalidValueException e) {
            misreported = e;
          }
        }
      }
    }

    void consume(List<MetricsTail.Line> lines) {
      for (MetricsTail.Line line : lines) {
        if (line.text().isEmpty()) {
          continue;
        }
        MetricLine parsed;
        try {
          parsed = MetricLine.parse(line.text());
        } catch (MetricLine.Malformed e) {
          if (++warnings <= MAX_WARNINGS) {
            LOG.warn("{}:{}: {}: line ignored{}", metricsFile.getFileName(), line.number(), e.getMessage(),
                warnings == MAX_WARNINGS ? " (further malformed lines are not logged)" : "");
          }
          continue;
        }
        long now = System.nanoTime();
        double elapsed = (now - started) / 1e9;
        // An epoch's seconds: from the previous epoch's first line (or the start) to its own first line.
        double seconds = (now - epochStarted) / 1e9;
        if (parsed.epoch().isPresent() && parsed.epoch().getAsInt() > current) {
          log(current);
          current = parsed.epoch().getAsInt();
          epochStarted = now;
        }
        if (parsed.checkpoint().isPresent()) {
          journal.announce(parsed.checkpoint().get(), parsed.epoch(), parsed.metrics(), checkpoints);
          // A checkpoint announced for an epoch means the epoch is complete: early stopping need not wait for the next.
          parsed.epoch().ifPresent(e -> {
            if (e == current) {
              log(e);
            }
          });
        } else {
          journal.recordEpoch(parsed.epoch().getAsInt(), parsed.metrics(), seconds);
        }
        parsed.epoch().ifPresent(epoch -> {
          EpochRecord merged = journal.history().stream().filter(r -> r.epoch() == epoch).findFirst().orElseThrow();
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("epoch", epoch);
          doc.put("metrics", merged.metrics());
          doc.put("elapsedSeconds", elapsed);
          publisher.writeEpochMetrics(spec.sweepId(), spec.trialId(), epoch, doc);
        });
      }
    }
  }
}
