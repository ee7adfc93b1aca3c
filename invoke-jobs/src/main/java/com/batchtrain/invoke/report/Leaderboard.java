package com.batchtrain.invoke.report;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.sweep.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finished trials ranked by the sweep's objective. Built from manifests only: a trial without a
 * manifest is not finished and is counted, not ranked. A finished trial that lacks the objective
 * metric is listed after the ranked ones, without a rank. A trial early stopping ended (pruned) has a
 * manifest, so it is finished and ranked by what it published, and marked.
 */
public record Leaderboard(Objective objective, List<String> parameters, List<Entry> entries, int trialCount,
    List<TrialStatus> unfinished, Optional<UsageView> usage) {

  /**
   * @param rank 1-based; empty when the trial has no value for the objective metric
   * @param pruned how early stopping ended the trial (its manifest's {@code pruned}); empty when it
   *     trained all its epochs. A pruned trial is ranked with the others, by what it published.
   */
  public record Entry(Optional<Integer> rank, TrialId trial, Optional<Double> objectiveValue,
      Map<String, Double> metrics, Map<String, Object> hyperparameters, Optional<Manifest.Pruned> pruned) {

    public Entry(Optional<Integer> rank, TrialId trial, Optional<Double> objectiveValue, Map<String, Double> metrics,
        Map<String, Object> hyperparameters) {
      this(rank, trial, objectiveValue, metrics, hyperparameters, Optional.empty());
    }

    /** Epochs early stopping saved this trial: those it was planned to train and did not. */
    public int epochsSaved() {
      return pruned.map(Leaderboard::epochsSaved).orElse(0);
    }
  }

  /** {@code plannedEpochs - epoch}, never negative (a manifest that does not know its plan saves nothing). */
  public static int epochsSaved(Manifest.Pruned pruned) {
    return Math.max(0, pruned.plannedEpochs() - pruned.epoch());
  }

  /**
   * @param unfinished the trials without a manifest, with their state and reason as {@code status}
   *     shows them (listed after the ranking, never ranked); empty when not read
   * @param usage what the sweep's jobs used and cost so far; empty when not read
   */
  public Leaderboard {
    parameters = List.copyOf(parameters);
    entries = List.copyOf(entries);
    unfinished = List.copyOf(unfinished);
  }

  public Leaderboard(Objective objective, List<String> parameters, List<Entry> entries, int trialCount) {
    this(objective, parameters, entries, trialCount, List.of(), Optional.empty());
  }

  /** This leaderboard with what the sweep's jobs used and cost. */
  public Leaderboard withUsage(UsageView view) {
    return new Leaderboard(objective, parameters, entries, trialCount, unfinished, Optional.of(view));
  }

  /** This leaderboard with the trials of {@code statuses} that are not on it (not finished). */
  public Leaderboard withUnfinished(List<TrialStatus> statuses) {
    java.util.Set<TrialId> ranked = new java.util.HashSet<>();
    entries.forEach(e -> ranked.add(e.trial()));
    List<TrialStatus> rest = statuses.stream().filter(s -> !ranked.contains(s.trial())).toList();
    return new Leaderboard(objective, parameters, entries, trialCount, rest, usage);
  }

  public static Leaderboard rank(Objective objective, List<String> parameters, List<Manifest> manifests, int trialCount) {
    List<Manifest> scored = new ArrayList<>();
    List<Manifest> unscored = new ArrayList<>();
    for (Manifest m : manifests) {
      Double v = m.metrics().get(objective.metric());
      (v != null && !v.isNaN() ? scored : unscored).add(m);
    }
    Comparator<Manifest> byObjective = Comparator.comparingDouble(m -> m.metrics().get(objective.metric()));
    if (objective.goal() == Objective.Goal.MAXIMIZE) {
      byObjective = byObjective.reversed();
    }
    scored.sort(byObjective.thenComparing(Manifest::trialId));
    unscored.sort(Comparator.comparing(Manifest::trialId));
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      Manifest m = scored.get(i);
      entries.add(new Entry(Optional.of(i + 1), TrialId.of(m.trialId()), Optional.of(m.metrics().get(objective.metric())),
          m.metrics(), m.hyperparameters(), Optional.ofNullable(m.pruned())));
    }
    for (Manifest m : unscored) {
      entries.add(new Entry(Optional.empty(), TrialId.of(m.trialId()), Optional.empty(), m.metrics(), m.hyperparameters(),
          Optional.ofNullable(m.pruned())));
    }
    return new Leaderboard(objective, parameters, entries, trialCount);
  }

  public Optional<Entry> best() {
    return entries.stream().filter(e -> e.rank().isPresent()).findFirst();
  }

  public int finished() {
    return entries.size();
  }

  /** Finished trials that early stopping ended. */
  public int pruned() {
    return (int) entries.stream().filter(e -> e.pruned().isPresent()).count();
  }

  /** Epochs early stopping saved over the finished trials: the sum of {@link Entry#epochsSaved}. */
  public long epochsSaved() {
    return entries.stream().mapToLong(Entry::epochsSaved).sum();
  }
}
