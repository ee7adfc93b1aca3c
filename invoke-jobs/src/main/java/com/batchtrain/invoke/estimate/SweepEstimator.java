package com.batchtrain.invoke.estimate;

import com.batchtrain.contract.TrialsFile;
import com.batchtrain.contract.pruning.AshaPruner;
import com.batchtrain.contract.pruning.EarlyStopping;
import com.batchtrain.invoke.cost.CostEstimate;
import com.batchtrain.invoke.cost.EpochTimes;
import com.batchtrain.invoke.cost.Placement;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.spec.Parameter;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.TrialPlanner;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns a planned sweep and the {@link Evidence} of earlier runs into an {@link Estimate}: how many
 * trials, how many epochs each (the trials' {@code epochs}, else what the earlier trials ran, else early
 * stopping's {@code max}), the share of them early stopping is expected to train (ASHA's design; the
 * median rule has no model), the recorded epoch times, the measured start-up (left out, and said so,
 * when none was measured), and on Batch the price of the placement.
 */
public final class SweepEstimator {
  /** The name of the hyperparameter that holds a trial's epochs (the built-in model's, and a trainer's that says so). */
  static final String EPOCHS = "epochs";

  private SweepEstimator() {}

  /**
   * @param trials the planned trials (a fixed sweep), empty for a driven one, whose trials are drawn later
   * @param placement where Batch runs the trials and at what price; empty on this machine
   */
  public static Estimate estimate(SweepSpec spec, int trialCount, Optional<TrialsFile> trials, Evidence evidence,
      Optional<Placement> placement) {
    Optional<EpochTimes> times = evidence.epochTimes();
    if (times.isEmpty()) {
      return Estimate.none(CostEstimate.NO_ESTIMATE);
    }
    Optional<Range> epochs = epochsPerTrial(spec, trials, evidence);
    if (epochs.isEmpty()) {
      return Estimate.none("no estimate: how many epochs a trial trains is unknown (no parameter " + EPOCHS
          + ", no early_stopping.max, and no trial of an earlier sweep trained to its end)");
    }
    OptionalDouble share = expectedShare(spec.earlyStopping(), epochs.get());
    double startup = evidence.startup().orElse(0);
    String basis = evidence.describe() + (evidence.startup().isPresent()
        ? String.format(Locale.ROOT, "; start-up %.0f s, the median of %d measured attempts", startup,
            evidence.startupSeconds().size())
        : "; start-up not measured, so not included");
    if (placement.isEmpty()) {
      Range hours = CostEstimate.trialHours(trialCount, epochs.get(), share, times.get(), startup);
      return new Estimate(Optional.empty(), "estimate: " + CostEstimate.work(trialCount, epochs.get(), share,
          times.get(), startup) + ": " + hours.duration() + " of trials on this machine (nothing billed)\n  from "
          + basis, Optional.empty());
    }
    CostEstimate cost = CostEstimate.of(trialCount, epochs.get(), share, times, startup, placement.get(), basis)
        .orElseThrow();
    return new Estimate(Optional.of(cost), cost.render(), Optional.empty());
  }

  /**
   * A trial's epochs: the mean of the planned trials' {@code epochs}; for a driven sweep the range of
   * its {@code epochs} parameter or the built-in trainer's default; else what earlier trials trained to
   * their end; else early stopping's max.
   */
  static Optional<Range> epochsPerTrial(SweepSpec spec, Optional<TrialsFile> trials, Evidence evidence) {
    if (trials.isPresent()) {
      List<TrialsFile.Trial> list = trials.get().trials();
      double sum = 0;
      boolean all = !list.isEmpty();
      for (TrialsFile.Trial t : list) {
        Object e = t.hyperparameters().get(EPOCHS);
        if (e instanceof Number n && n.doubleValue() >= 1) {
          sum += n.doubleValue();
        } else {
          all = false;
        }
      }
      if (all) {
        return Optional.of(Range.of(sum / list.size()));
      }
    } else {
      Optional<Range> space = space(spec.parameters().get(EPOCHS));
      if (space.isPresent()) {
        return space;
      }
      // Not searched: the built-in trainer's default (a command trainer's hyperparameters have none).
      if (TrialPlanner.typed(spec, Map.of(), 0).get(EPOCHS) instanceof Number n && n.doubleValue() >= 1) {
        return Optional.of(Range.of(n.doubleValue()));
      }
    }
    if (evidence.epochsPerTrial().isPresent()) {
      return Optional.of(Range.of(evidence.epochsPerTrial().get()));
    }
    if (spec.earlyStopping() != null && spec.earlyStopping().max() != null) {
      return Optional.of(Range.of(spec.earlyStopping().max()));
    }
    return Optional.empty();
  }

  /** The lowest and highest epochs a parameter can give a trial. */
  private static Optional<Range> space(Parameter p) {
    if (p instanceof Parameter.Fixed f && f.value() instanceof Number n && n.doubleValue() >= 1) {
      return Optional.of(Range.of(n.doubleValue()));
    }
    if (p instanceof Parameter.IntRange r && r.min() >= 1) {
      return Optional.of(new Range(r.min(), r.max()));
    }
    if (p instanceof Parameter.Categorical c && !c.values().isEmpty()
        && c.values().stream().allMatch(v -> v instanceof Number n && n.doubleValue() >= 1)) {
      double min = c.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElseThrow();
      double max = c.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElseThrow();
      return Optional.of(new Range(min, max));
    }
    return Optional.empty();
  }

  /** ASHA's expected share of the epochs (at the most epochs a trial may have); the median rule has no model. */
  static OptionalDouble expectedShare(EarlyStopping rule, Range epochs) {
    if (rule == null || !EarlyStopping.ASHA.equals(rule.method())) {
      return OptionalDouble.empty();
    }
    int planned = (int) Math.round(epochs.high());
    double expected = new AshaPruner(rule.grace(), rule.reduction(), rule.max()).expectedEpochs(planned);
    return OptionalDouble.of(Math.min(1, expected / planned));
  }
}
