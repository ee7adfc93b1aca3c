package com.batchtrain.invoke.report;

import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Renders trial states: a per-trial table and a one-line progress bar with counts by state. */
public final class StatusView {
  private static final int BAR_WIDTH = 30;

  private StatusView() {}

  public static String table(List<TrialStatus> statuses) {
    List<List<String>> rows = new ArrayList<>();
    for (TrialStatus s : statuses) {
      rows.add(List.of(s.trial().value(), s.state().id(), s.progress(), s.detail()));
    }
    return TextTable.render(List.of("trial", "state", "epochs", "detail"), rows);
  }

  public static Map<TrialState, Integer> counts(List<TrialStatus> statuses) {
    Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
    for (TrialState s : TrialState.values()) {
      counts.put(s, 0);
    }
    statuses.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
    return counts;
  }

  /**
   * {@code [#########.....]  62% epochs  | 3 succeeded, 2 running, 1 pending, 0 failed, 0 stopped};
   * with {@code 2 pruned} after the succeeded ones when early stopping ended any trial.
   */
  public static String bar(List<TrialStatus> statuses) {
    // A trial of unknown budget counts what it has done (so it never holds the bar back or past 100%);
    // so does a pruned one: the epochs early stopping saved are not left to do.
    long total = statuses.stream()
        .mapToLong(s -> s.state() == TrialState.PRUNED ? s.epochsDone() : Math.max(s.epochs(), s.epochsDone())).sum();
    long done = statuses.stream().mapToLong(TrialStatus::epochsDone).sum();
    double fraction = total == 0 ? 0 : (double) done / total;
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    StringBuilder out = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled))
        .append("] ").append(String.format("%3d%% of %d epochs |", Math.round(fraction * 100), total));
    Map<TrialState, Integer> counts = counts(statuses);
    List<String> parts = new ArrayList<>();
    for (TrialState s : List.of(TrialState.SUCCEEDED, TrialState.PRUNED, TrialState.RUNNING, TrialState.PENDING,
        TrialState.FAILED, TrialState.STOPPED)) {
      if (s != TrialState.PRUNED || counts.get(s) > 0) {
        parts.add(counts.get(s) + " " + s.id());
      }
    }
    return out.append(' ').append(String.join(", ", parts)).toString();
  }

  /**
   * {@code early stopping pruned 2 trial(s) and saved 14 epoch(s)} (of their planned epochs, those
   * they did not train), or empty when no trial was pruned.
   */
  public static java.util.Optional<String> pruningSummary(List<TrialStatus> statuses) {
    List<TrialStatus> pruned = statuses.stream().filter(s -> s.state() == TrialState.PRUNED).toList();
    if (pruned.isEmpty()) {
      return java.util.Optional.empty();
    }
    long saved = pruned.stream().mapToLong(s -> Math.max(0, s.epochs() - s.epochsDone())).sum();
    return java.util.Optional.of("early stopping pruned " + pruned.size() + " trial(s) and saved " + saved + " epoch(s)");
  }

  public static boolean settled(List<TrialStatus> statuses) {
    return statuses.stream().allMatch(s -> s.state().terminal());
  }
}
