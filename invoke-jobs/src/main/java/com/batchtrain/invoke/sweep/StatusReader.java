package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joins the backend's view with what the results store holds. A manifest makes a trial
 * SUCCEEDED whatever the backend says; a backend success without one is a failure.
 *
 * <p>Reasons: a trial that failed or stopped gets the reason its attempt recorded
 * ({@link FailureRecord}, docs/job-contract.md): the records are found in the one listing of the
 * sweep's {@code trials/} prefix that progress needs anyway, and only those of failed or stopped
 * trials are read; the staging job's records are listed and read only when a trial never ran
 * because staging failed.
 *
 * <p>Early stopping: in a sweep whose trials file has {@code earlyStopping}, a trial whose manifest
 * carries {@code pruned} is {@link TrialState#PRUNED} (finished early, never re-run), with the epoch
 * it stopped at. That needs each finished trial's manifest: it is read once per reader (a published
 * manifest is final), so {@code status --watch} reads each one once; sweeps without early stopping
 * read none.
 */
public final class StatusReader {
  private final SweepStore store;
  private final TrialStates backend;
  /** Trials whose manifest was read: how early stopping ended them, or empty when it did not. */
  private final Map<TrialId, Optional<Manifest.Pruned>> manifestsRead = new HashMap<>();

  public StatusReader(SweepStore store, TrialStates backend) {
    this.store = store;
    this.backend = backend;
  }

  public List<TrialStatus> read(SweepRecord record) {
    return read(record, null);
  }

  /**
   * The statuses of trials {@code only} (by index, in trial order; null: every trial), reading the
   * store and the backend for those alone: a driver looks at its few trials in flight every few
   * seconds, and a sweep of a thousand trials must not cost it a thousand objects each time.
   */
  public List<TrialStatus> read(SweepRecord record, java.util.Set<Integer> only) {
    return snapshot(record, only).statuses();
  }

  /**
   * Trials' statuses with what the backend alone says of each (by index; absent: it knows no job): a
   * trial whose manifest is published may still have its job running while its container exits.
   */
  public record Snapshot(List<TrialStatus> statuses, Map<Integer, ExitClassifier.TrialStatusPart> backend) {
    /** Whether trial {@code index}'s job still runs or waits on the backend, whatever the results store says. */
    public boolean jobActive(int index) {
      ExitClassifier.TrialStatusPart part = backend.get(index);
      return part != null && (part.state() == TrialState.PENDING || part.state() == TrialState.RUNNING);
    }
  }

  /** {@link #read(SweepRecord, java.util.Set)}, with the backend's own view of the same trials. */
  public Snapshot snapshot(SweepRecord record, java.util.Set<Integer> only) {
    Optional<TrialsFile> file = store.objects().readIfExists(store.layout().trialsFile(record.id())).map(TrialsFile::fromJson);
    if (file.isEmpty()) {
      // A driven sweep before its driver's first proposal: no trial exists yet.
      return new Snapshot(List.of(), Map.of());
    }
    TrialsFile trials = file.get();
    Map<TrialId, SweepStore.Published> published = only == null ? store.published(record.id())
        : store.published(record.id(), only.stream().sorted().map(TrialId::ofIndex).toList());
    Map<Integer, ExitClassifier.TrialStatusPart> states = only == null ? backend.states(record) : backend.states(record, only);
    Map<TrialId, List<StorageUri>> wanted = new HashMap<>();
    boolean stageWanted = false;
    for (int i = 0; i < trials.trials().size(); i++) {
      if (only != null && !only.contains(i)) {
        continue;
      }
      TrialId id = TrialId.ofIndex(i);
      SweepStore.Published p = published.get(id);
      ExitClassifier.TrialStatusPart part = states.get(i);
      if (part == null || part.ending().isEmpty() || (p != null && p.manifest())
          || (part.state() != TrialState.FAILED && part.state() != TrialState.STOPPED)) {
        continue;
      }
      if (part.ending().get().afterFailedStaging()) {
        stageWanted = true;
      } else if (part.ending().get().exitCode().isPresent() && p != null && !p.failures().isEmpty()) {
        wanted.put(id, p.failures());
      }
    }
    Map<TrialId, FailureRecord> reasons = wanted.isEmpty() ? Map.of() : store.latestFailures(record.id(), wanted);
    if (trials.earlyStopping() != null) {
      List<TrialId> unread = published.entrySet().stream().filter(e -> e.getValue().manifest())
          .map(Map.Entry::getKey).filter(t -> !manifestsRead.containsKey(t)).sorted().toList();
      Map<TrialId, Manifest.Pruned> pruned = unread.isEmpty() ? Map.of() : store.pruned(record.id(), unread);
      unread.forEach(t -> manifestsRead.put(t, Optional.ofNullable(pruned.get(t))));
    }
    Optional<FailureRecord> stage = stageWanted ? store.latestStageFailure(record.id()) : Optional.empty();

    List<TrialStatus> out = new ArrayList<>();
    for (int i = 0; i < trials.trials().size(); i++) {
      if (only != null && !only.contains(i)) {
        continue;
      }
      TrialId id = TrialId.ofIndex(i);
      SweepStore.Published p = published.getOrDefault(id, new SweepStore.Published(false, 0));
      int epochs = epochBudget(trials, i);
      Optional<Manifest.Pruned> pruned = p.manifest() ? manifestsRead.getOrDefault(id, Optional.empty()) : Optional.empty();
      if (pruned.isPresent()) {
        out.add(prunedStatus(id, pruned.get(), epochs));
        continue;
      }
      if (epochs == TrialStatus.UNKNOWN_EPOCHS) {
        // A command's budget is its own: progress is what it has reported so far, all of it once published.
        if (p.manifest()) {
          out.add(new TrialStatus(id, TrialState.SUCCEEDED, "manifest published", p.epochs(), p.epochs()));
          continue;
        }
      } else if (p.manifest()) {
        out.add(new TrialStatus(id, TrialState.SUCCEEDED, "manifest published", epochs, epochs));
        continue;
      }
      int done = epochs == TrialStatus.UNKNOWN_EPOCHS ? p.epochs() : Math.min(p.epochs(), epochs);
      ExitClassifier.TrialStatusPart part = states.getOrDefault(i,
          new ExitClassifier.TrialStatusPart(TrialState.STOPPED, "never submitted"));
      if (part.state() == TrialState.SUCCEEDED) {
        part = new ExitClassifier.TrialStatusPart(TrialState.FAILED, "ended successfully but published no manifest");
      }
      part = ExitClassifier.explain(part, Optional.ofNullable(reasons.get(id)), stage);
      out.add(new TrialStatus(id, part.state(), part.detail(), done, epochs));
    }
    return new Snapshot(List.copyOf(out), Map.copyOf(states));
  }

  /**
   * A trial early stopping ended: {@code pruned at epoch 3 of 10: <the runtime's reason>}, with the
   * epochs it trained of those it would have (its budget when the manifest does not say).
   */
  static TrialStatus prunedStatus(TrialId id, Manifest.Pruned pruned, int budget) {
    int planned = pruned.plannedEpochs() > 0 ? pruned.plannedEpochs() : budget;
    String reason = pruned.reason() == null || pruned.reason().isBlank() ? "" : ": " + pruned.reason().strip();
    return new TrialStatus(id, TrialState.PRUNED, "pruned at epoch " + pruned.epoch()
        + (planned == TrialStatus.UNKNOWN_EPOCHS ? "" : " of " + planned) + reason, pruned.epoch(), planned);
  }

  /**
   * Trial {@code i}'s epoch budget: the built-in trainer's {@code epochs} hyperparameter (default
   * included); for a command trainer its {@code epochs} parameter when it declares one as an integer,
   * else {@link TrialStatus#UNKNOWN_EPOCHS} (only the command knows when it is done).
   */
  static int epochBudget(TrialsFile trials, int i) {
    Map<String, Object> hp = trials.trial(i).hyperparameters();
    if (trials.trainerOrBuiltin().isBuiltin()) {
      return Hyperparameters.parse(hp).epochs();
    }
    Object epochs = hp.get(Hyperparameters.EPOCHS);
    if ((epochs instanceof Integer || epochs instanceof Long) && ((Number) epochs).longValue() >= 1
        && ((Number) epochs).longValue() <= Integer.MAX_VALUE) {
      return ((Number) epochs).intValue();
    }
    return TrialStatus.UNKNOWN_EPOCHS;
  }
}
