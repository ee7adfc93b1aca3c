package com.batchtrain.invoke.estimate;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.cost.AttemptUsage;
import com.batchtrain.invoke.report.EpochProgress;
import com.batchtrain.invoke.report.EpochProgressReader;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.ParallelReads;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.SweepStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what earlier sweeps in the results store recorded for a sweep about to run: the newest sweeps
 * of the same {@link SweepSignature}, a sample of their trials' epoch times, and, from the backend's
 * attempt records, their start-up. Bounded: it reads the newest {@value #SCANNED} sweep records, and
 * from the matching ones up to {@value #SAMPLED_TRIALS} trials each until {@value #ENOUGH_EPOCHS}
 * epochs are in hand.
 */
public final class RecordedTimes {
  static final int SCANNED = 64;
  static final int SAMPLED_TRIALS = 16;
  static final int ENOUGH_EPOCHS = 200;
  private static final int PARALLEL_READS = 8;
  /** A sweep id ends in its start time: {@code <name>-yyyyMMdd-HHmmss-xxxx}. */
  private static final Pattern STAMP = Pattern.compile(".*-(\\d{8}-\\d{6})-[0-9a-f]{4}");

  private final SweepStore sweeps;
  private final Function<SweepRecord, AttemptHistory> histories;

  /** @param histories the attempt records of a sweep's backend, for start-up times */
  public RecordedTimes(SweepStore sweeps, Function<SweepRecord, AttemptHistory> histories) {
    this.sweeps = sweeps;
    this.histories = histories;
  }

  /**
   * The evidence for {@code planned}: from the newest matching sweeps, leaving out those in {@code except}
   * (the planned sweep itself, before it has run).
   */
  public Evidence find(SweepRecord planned, Set<SweepId> except) throws InterruptedException {
    Optional<SweepSignature> signature = SweepSignature.of(planned);
    if (signature.isEmpty()) {
      return Evidence.NONE;
    }
    List<SweepRecord> matching = new ArrayList<>();
    for (SweepRecord r : newestRecords(except)) {
      if (SweepSignature.of(r).equals(signature)) {
        matching.add(r);
      }
    }
    List<Double> epochSeconds = new ArrayList<>();
    List<Double> startup = new ArrayList<>();
    List<Integer> epochsRun = new ArrayList<>();
    List<SweepId> from = new ArrayList<>();
    EpochProgressReader reader = new EpochProgressReader(sweeps.objects(), sweeps.layout());
    for (SweepRecord r : matching) {
      Map<TrialId, List<EpochProgress>> epochs;
      Map<TrialId, Boolean> trainedToTheEnd = new HashMap<>();
      try {
        epochs = reader.readSweep(r.id(), SAMPLED_TRIALS);
        for (TrialId trial : epochs.keySet()) {
          Optional<Manifest> manifest = sweeps.manifest(r.id(), trial);
          trainedToTheEnd.put(trial, manifest.isPresent() && manifest.get().pruned() == null);
        }
      } catch (InvalidValueException | java.io.UncheckedIOException malformed) {
        // One sweep's damaged record does not stand in the way of the others'.
        continue;
      }
      if (epochs.isEmpty()) {
        continue;
      }
      from.add(r.id());
      Map<TrialId, Double> training = new HashMap<>();
      epochs.forEach((trial, progress) -> {
        double sum = 0;
        for (double s : EpochProgress.secondsPerEpoch(progress)) {
          if (s > 0) {
            epochSeconds.add(s);
            sum += s;
          }
        }
        training.put(trial, sum);
        if (trainedToTheEnd.get(trial)) {
          epochsRun.add(progress.get(progress.size() - 1).epoch());
        }
      });
      startup.addAll(startups(r, training));
      if (epochSeconds.size() >= ENOUGH_EPOCHS) {
        break;
      }
    }
    return new Evidence(epochSeconds, startup, epochsRun, from);
  }

  /**
   * Each sampled trial's start-up: its one attempt's seconds less its epochs'. Trials with retries are
   * left out (their attempts overlap their epochs unevenly), and so is a sweep whose attempts the backend
   * no longer has or cannot read now. A probe's trial counts too: its attempt also holds the wait until
   * it was stopped, so its start-up errs high.
   */
  private List<Double> startups(SweepRecord r, Map<TrialId, Double> training) {
    List<AttemptUsage> attempts;
    try {
      attempts = histories.apply(r).attempts(r, Instant.now());
    } catch (RuntimeException gone) {
      return List.of();
    }
    Map<String, List<AttemptUsage>> byJob = new HashMap<>();
    attempts.forEach(a -> byJob.computeIfAbsent(a.job(), k -> new ArrayList<>()).add(a));
    List<Double> out = new ArrayList<>();
    training.forEach((trial, seconds) -> {
      List<AttemptUsage> ran = byJob.getOrDefault(trial.value(), List.of());
      if (ran.size() == 1 && ran.get(0).fate() == AttemptUsage.Fate.ENDED_TRIAL) {
        out.add(Math.max(0, ran.get(0).hours() * 3600 - seconds));
      }
    });
    return out;
  }

  /** The newest sweep records of the store, by the time in their ids; unreadable ones are skipped. */
  private List<SweepRecord> newestRecords(Set<SweepId> except) {
    ResultsLayout layout = sweeps.layout();
    List<String> ids = new ArrayList<>();
    for (String name : sweeps.objects().folders(layout.root().resolve(ResultsLayout.SWEEPS_PREFIX))) {
      Matcher m = STAMP.matcher(name);
      if (m.matches() && except.stream().noneMatch(e -> e.value().equals(name))) {
        ids.add(name);
      }
    }
    ids.sort(Comparator.comparing((String id) -> stamp(id)).reversed().thenComparing(Comparator.reverseOrder()));
    List<String> newest = ids.subList(0, Math.min(SCANNED, ids.size()));
    List<Optional<SweepRecord>> read = ParallelReads.readAll(newest.stream()
        .map(id -> layout.sweepRecord(SweepId.of(id))).toList(), PARALLEL_READS, "sweep records", uri -> {
          try {
            return sweeps.objects().readIfExists(uri).map(SweepRecord::fromJson);
          } catch (InvalidValueException | java.io.UncheckedIOException unreadable) {
            return Optional.empty();
          }
        });
    return read.stream().flatMap(Optional::stream).toList();
  }

  private static String stamp(String id) {
    Matcher m = STAMP.matcher(id);
    return m.matches() ? m.group(1) : "";
  }
}
