package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Joins the backend's view with what the results store holds. A manifest makes a trial
 * SUCCEEDED whatever the backend says; a backend success without one is a failure.
 */
public final class StatusReader {
  private final SweepStore store;
  private final TrialStates backend;

  public StatusReader(SweepStore store, TrialStates backend) {
    this.store = store;
    this.backend = backend;
  }

  public List<TrialStatus> read(SweepRecord record) {
    TrialsFile trials = store.readTrials(record.id());
    Map<TrialId, SweepStore.Published> published = store.published(record.id());
    Map<Integer, ExitClassifier.TrialStatusPart> states = backend.states(record);
    List<TrialStatus> out = new ArrayList<>();
    for (int i = 0; i < trials.trials().size(); i++) {
      TrialId id = TrialId.ofIndex(i);
      int epochs = Hyperparameters.parse(trials.trial(i).hyperparameters()).epochs();
      SweepStore.Published p = published.getOrDefault(id, new SweepStore.Published(false, 0));
      int done = Math.min(p.epochs(), epochs);
      if (p.manifest()) {
        out.add(new TrialStatus(id, TrialState.SUCCEEDED, "manifest published", epochs, epochs));
        continue;
      }
      ExitClassifier.TrialStatusPart part = states.getOrDefault(i,
          new ExitClassifier.TrialStatusPart(TrialState.STOPPED, "never submitted"));
      if (part.state() == TrialState.SUCCEEDED) {
        part = new ExitClassifier.TrialStatusPart(TrialState.FAILED, "ended successfully but published no manifest");
      }
      out.add(new TrialStatus(id, part.state(), part.detail(), done, epochs));
    }
    return out;
  }
}
