package com.batchtrain.invoke.report;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStatus;
import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrainingHistory;
import com.batchtrain.reports.TrialSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Builds the report module's {@link SweepReport} from what {@code status} and {@code results} read:
 * manifests (the only proof a trial finished: its final metrics and hyperparameters), the backend's
 * trial states with their reasons, and the per-epoch metrics files (history and training time).
 */
public final class SweepReportAssembly {
  /** The manifest metric in which the runtime names the epoch whose checkpoint it selected. */
  static final String SELECTED_EPOCH = "selected_epoch";
  static final String STOPPED_PREFIX = "stopped (invoke-jobs resume re-runs it): ";
  /**
   * The metric that marks a trial early stopping ended, in the report's leaderboard: the epoch it
   * stopped at (its own column; absent for trials that trained all their epochs).
   */
  public static final String PRUNED_AT_EPOCH = "pruned_at_epoch";

  private SweepReportAssembly() {}

  /**
   * @param statuses every trial's state as {@code status} shows it
   * @param epochs per trial, its intermediate metrics in epoch order
   */
  public static SweepReport assemble(SweepRecord record, TrialsFile trials, List<Manifest> manifests,
      List<TrialStatus> statuses, Map<TrialId, List<EpochProgress>> epochs, Instant generatedAt) {
    return assemble(record, trials, manifests, statuses, epochs, Optional.empty(), generatedAt);
  }

  /**
   * As above, with what the sweep's jobs used and cost: the Cost card, and each trial's dollars when its
   * attempts were billed.
   */
  public static SweepReport assemble(SweepRecord record, TrialsFile trials, List<Manifest> manifests,
      List<TrialStatus> statuses, Map<TrialId, List<EpochProgress>> epochs, Optional<UsageView> usage,
      Instant generatedAt) {
    java.util.function.Function<TrialId, OptionalDouble> cost = id -> usage.flatMap(u -> u.dollarsOf(id.value()))
        .map(OptionalDouble::of).orElse(OptionalDouble.empty());
    Map<TrialId, Manifest> finished = new HashMap<>();
    manifests.forEach(m -> finished.put(TrialId.of(m.trialId()), m));
    Map<TrialId, TrialStatus> byTrial = new HashMap<>();
    statuses.forEach(s -> byTrial.put(s.trial(), s));
    List<TrialSummary> summaries = new ArrayList<>();
    for (int i = 0; i < trials.trials().size(); i++) {
      TrialId id = TrialId.ofIndex(i);
      List<EpochProgress> progress = epochs.getOrDefault(id, List.of());
      Manifest manifest = finished.get(id);
      summaries.add(manifest != null
          ? succeeded(manifest, progress, cost.apply(id))
          : unfinished(id, trials.trial(i).hyperparameters(), byTrial.get(id), progress, cost.apply(id)));
    }
    SweepReport report = new SweepReport(record.id(), record.objective(), summaries, generatedAt);
    return usage.map(u -> report.withCost(u.card())).orElse(report);
  }

  private static TrialSummary succeeded(Manifest manifest, List<EpochProgress> progress, OptionalDouble cost) {
    Double selected = manifest.metrics().get(SELECTED_EPOCH);
    OptionalInt selectedEpoch = selected != null && progress.stream().anyMatch(p -> p.epoch() == selected.intValue())
        ? OptionalInt.of(selected.intValue()) : OptionalInt.empty();
    // A pruned trial finished (its manifest is published) and is ranked with the others by what it
    // published: its state says pruned, and a column says at which epoch.
    Map<String, Double> metrics = manifest.metrics();
    if (manifest.pruned() != null) {
      metrics = new LinkedHashMap<>(metrics);
      metrics.put(PRUNED_AT_EPOCH, (double) manifest.pruned().epoch());
    }
    return new TrialSummary(TrialId.of(manifest.trialId()), manifest.pruned() != null ? com.batchtrain.reports.TrialState.PRUNED
        : com.batchtrain.reports.TrialState.SUCCEEDED, Optional.empty(),
        manifest.hyperparameters(), metrics, history(progress, selectedEpoch), trainingSeconds(progress), cost);
  }

  /**
   * A trial without a manifest is never ranked. Its hyperparameters are the planned ones (trials
   * file); its metrics are its latest epoch's, as the report's model defines them for running trials.
   * STOPPED has no report state of its own: it is shown as failed with a reason that says resume
   * re-runs it, so it is listed among the failures rather than hidden as pending.
   */
  private static TrialSummary unfinished(TrialId id, Map<String, Object> planned, TrialStatus status,
      List<EpochProgress> progress, OptionalDouble cost) {
    TrialState state = status == null ? TrialState.STOPPED : status.state();
    String detail = status == null ? "no state known" : status.detail();
    com.batchtrain.reports.TrialState shown;
    Optional<String> reason;
    switch (state) {
      case PENDING -> {
        shown = com.batchtrain.reports.TrialState.PENDING;
        reason = Optional.empty();
      }
      case RUNNING -> {
        shown = com.batchtrain.reports.TrialState.RUNNING;
        reason = Optional.empty();
      }
      case STOPPED -> {
        shown = com.batchtrain.reports.TrialState.FAILED;
        reason = Optional.of(STOPPED_PREFIX + detail);
      }
      // SUCCEEDED (or PRUNED) without a manifest in hand: the manifest vanished between the two reads; not finished.
      default -> {
        shown = com.batchtrain.reports.TrialState.FAILED;
        reason = Optional.of(state.finished() ? "no manifest published" : detail);
      }
    }
    Map<String, Double> latest = progress.isEmpty() ? Map.of() : progress.get(progress.size() - 1).metrics();
    return new TrialSummary(id, shown, reason, planned, latest, history(progress, OptionalInt.empty()),
        trainingSeconds(progress), cost);
  }

  /**
   * The epochs with their wall seconds added as the runtime's own per-trial plots do; an epoch's
   * seconds are the growth of the trial's cumulative training time since the previous epoch.
   */
  static TrainingHistory history(List<EpochProgress> progress, OptionalInt selectedEpoch) {
    List<EpochMetrics> epochs = new ArrayList<>();
    double[] seconds = EpochProgress.secondsPerEpoch(progress);
    for (int i = 0; i < seconds.length; i++) {
      Map<String, Double> values = new LinkedHashMap<>(progress.get(i).metrics());
      values.put(EpochMetrics.SECONDS, seconds[i]);
      epochs.add(new EpochMetrics(progress.get(i).epoch(), values));
    }
    return new TrainingHistory(epochs, selectedEpoch);
  }

  /** Training seconds the trial has accumulated over its attempts (the largest cumulative figure logged). */
  static double trainingSeconds(List<EpochProgress> progress) {
    return progress.stream().mapToDouble(EpochProgress::elapsedSeconds).filter(Double::isFinite).max().orElse(0);
  }
}
