package com.batchtrain.runtime.pruning;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.pruning.EarlyStopping;
import com.batchtrain.contract.pruning.Pruner;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Early stopping decided inside the trial (docs/job-contract.md, "Early stopping"): at each epoch
 * its {@link Pruner} checks, the trial records its objective under the sweep's
 * {@code pruning/epoch-NNNN/<trial>.json} (its own key: no two trials write the same object), reads
 * every record there (S3 is strongly consistent: a record written is listed), and asks the pruner.
 * No extra process, no database: it works the same on Batch and locally.
 */
public final class PruningGate {
  private static final Logger LOG = LoggerFactory.getLogger(PruningGate.class);

  /** One trial's objective at one epoch. */
  record Record(@JsonProperty("trialId") String trialId, @JsonProperty("epoch") int epoch, @JsonProperty("value") double value) {}

  private final ObjectStore results;
  private final ResultsLayout layout;
  private final SweepId sweep;
  private final TrialId trial;
  private final EarlyStopping earlyStopping;
  private final Objective objective;
  private boolean warned;

  private PruningGate(ObjectStore results, ResultsLayout layout, SweepId sweep, TrialId trial, EarlyStopping earlyStopping,
      Objective objective) {
    this.results = results;
    this.layout = layout;
    this.sweep = sweep;
    this.trial = trial;
    this.earlyStopping = earlyStopping;
    this.objective = objective;
  }

  /** The gate of a sweep's trial; one that never stops a trial when the sweep has no early stopping. */
  public static PruningGate of(ObjectStore results, ResultsLayout layout, SweepId sweep, TrialId trial,
      Optional<EarlyStopping> earlyStopping, Objective objective) {
    return new PruningGate(results, layout, sweep, trial, earlyStopping.orElse(null), objective);
  }

  public static PruningGate none() {
    return new PruningGate(null, null, null, null, null, null);
  }

  /**
   * At the end of {@code epoch}: empty to go on, else why the trial stops here. Throws
   * {@link com.batchtrain.contract.InvalidValueException} (exit 64) when the rule checks this epoch and
   * the metrics lack the objective; a non-finite value (a diverged trial) is only not compared.
   */
  public Optional<String> check(int epoch, Map<String, Double> metrics) {
    if (earlyStopping == null || !earlyStopping.pruner().checksAt(epoch)) {
      return Optional.empty();
    }
    Double value = metrics.get(objective.metric());
    if (value == null) {
      // Every trial of the sweep runs the same trainer: one that does not report the objective where
      // the rule checks would never be stopped, silently. It is a spec to fix, not a trial to retry.
      throw new com.batchtrain.contract.InvalidValueException("objective.metric", "'" + objective.metric() + "' in the trainer's"
          + " metrics at epoch " + epoch + ", an epoch early stopping checks (" + earlyStopping.method() + "): report it at every"
          + " epoch, or remove early_stopping", metrics.isEmpty() ? "no metrics" : "only " + new java.util.TreeSet<>(metrics.keySet()));
    }
    if (!Double.isFinite(value)) {
      if (!warned) {
        LOG.warn("early stopping: no finite {} at epoch {} (metrics {}): this trial is never pruned at such epochs",
            objective.metric(), epoch, metrics.keySet());
        warned = true;
      }
      return Optional.empty();
    }
    try {
      results.write(layout.pruningRecord(sweep, epoch, trial),
          ContractJson.mapper().writeValueAsBytes(new Record(trial.value(), epoch, value)));
      List<Double> recorded = new ArrayList<>();
      for (StoredObject o : results.list(layout.pruningRecords(sweep, epoch))) {
        recorded.add(ContractJson.mapper().readValue(results.read(o.uri()), Record.class).value());
      }
      boolean prune = earlyStopping.pruner().prune(epoch, value, recorded, objective.goal());
      String summary = String.format("%s %s at epoch %d against the %d value(s) recorded there (best %s)", objective.metric(),
          value, epoch, recorded.size(), recorded.stream().reduce(objective.goal() == Objective.Goal.MINIMIZE ? Math::min : Math::max)
              .orElse(value));
      LOG.info("early stopping ({}): {}: {}", earlyStopping.method(), summary, prune ? "stop" : "go on");
      return prune ? Optional.of("early stopping (" + earlyStopping.method() + "): " + summary) : Optional.empty();
    } catch (IOException | com.batchtrain.storage.StorageException e) {
      // A pruning decision is an optimisation: without it the trial trains on, it is never lost.
      LOG.warn("early stopping at epoch {}: {}; training on", epoch, e.toString());
      return Optional.empty();
    }
  }
}
