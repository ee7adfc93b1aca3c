package com.batchtrain.invoke.cli;

import com.batchtrain.contract.ComputeDefaults;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.aws.BackendUnavailableException;
import com.batchtrain.invoke.aws.ComputeEnvironments;
import com.batchtrain.invoke.cost.Budget;
import com.batchtrain.invoke.cost.CostEstimate;
import com.batchtrain.invoke.cost.Market;
import com.batchtrain.invoke.cost.Placement;
import com.batchtrain.invoke.cost.PriceTable;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.cost.SweepUsage;
import com.batchtrain.invoke.drive.SpendingLimit;
import com.batchtrain.invoke.estimate.CostBudget;
import com.batchtrain.invoke.estimate.Estimate;
import com.batchtrain.invoke.estimate.Evidence;
import com.batchtrain.invoke.estimate.RecordedTimes;
import com.batchtrain.invoke.estimate.ResumeBudget;
import com.batchtrain.invoke.estimate.SweepEstimator;
import com.batchtrain.invoke.spec.Resources;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.Driving;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** What a sweep will cost before it runs, and its {@code max_cost}: {@code sweep} and the driver share them. */
final class Estimates {
  private Estimates() {}

  /**
   * The estimate of a sweep about to start (or of a driven sweep running), from the results store's
   * earlier sweeps of the same model, data and hardware (leaving out {@code except}) and, on Batch, the
   * price of where its queue places trials first, with what a budget is held to (the dearest of the
   * queue's environments). A price the table lacks, or queues the caller may not describe, give no
   * estimate, with the reason; a failure worth trying again (throttling, an unreachable store) is thrown.
   *
   * @param stackKnown whether the stack was read (a dry run before it exists prices the stack's defaults)
   */
  static Estimate of(Workspace ws, SweepRecord record, SweepSpec spec, Optional<TrialsFile> trials, PriceTable prices,
      boolean stackKnown, Optional<String> region, Set<SweepId> except) {
    if (!stackKnown && record.backend() == SweepRecord.Backend.AWS && ws.resultsOption().isEmpty()) {
      return Estimate.none("no estimate: the stack's results store, where earlier sweeps are recorded, cannot be read"
          + " before the stack exists (--results names one)");
    }
    try {
      Evidence evidence = new RecordedTimes(ws.sweeps(), r -> Reports.attemptTimes(ws, r)).find(record, except);
      if (evidence.epochTimes().isEmpty()) {
        return Estimate.none(CostEstimate.NO_ESTIMATE);
      }
      if (record.backend() != SweepRecord.Backend.AWS) {
        return SweepEstimator.estimate(spec, record.trialCount(), trials, evidence, Optional.empty());
      }
      List<Placement> placements = placements(ws, record, prices, stackKnown, region);
      Estimate estimate = SweepEstimator.estimate(spec, record.trialCount(), trials, evidence,
          Optional.of(placements.get(0)));
      if (estimate.cost().isEmpty()) {
        return estimate;
      }
      Estimate.Limit limit = null;
      for (Placement p : placements) {
        Range ceiling = estimate.cost().get().at(p).ceilingDollars(p.market());
        if (limit == null || ceiling.high() > limit.dollars().high()) {
          limit = new Estimate.Limit(ceiling, p.market().label());
        }
      }
      return estimate.withLimit(limit);
    } catch (InvalidValueException | BackendUnavailableException unpriced) {
      // A price the table lacks, queues the caller may not describe: the sweep goes on, without an estimate.
      return Estimate.none("no estimate: " + unpriced.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Estimate.none("no estimate: interrupted");
    }
  }

  /**
   * Where the queue may place a trial, in the order it tries, with the price of each: its compute
   * environments as Batch describes them; before the stack exists, what infra builds by default for that
   * kind of queue (a spot queue: spot, then on-demand).
   */
  private static List<Placement> placements(Workspace ws, SweepRecord record, PriceTable prices, boolean stackKnown,
      Optional<String> region) {
    Resources r = record.resources();
    if (stackKnown) {
      ComputeEnvironments environments = ws.computeEnvironments();
      List<Placement> out = new ArrayList<>();
      for (ComputeEnvironments.Environment e : environments.ofQueue(record.jobQueue())) {
        out.add(Placement.of(r.vcpus(), r.memoryMib(), r.gpus(), environments.region(), e.market(), e.instanceTypes(),
            prices));
      }
      if (out.isEmpty()) {
        throw new InvalidValueException("queue", "a job queue with a compute environment", record.jobQueue());
      }
      return out;
    }
    String where = region.orElseGet(() -> {
      try {
        return new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (RuntimeException none) {
        throw new InvalidValueException("--region", "a region to price the trials in (or AWS_REGION)", null);
      }
    });
    QueueChoice queue = QueueChoice.parse(record.queue());
    List<String> launches = queue.gpu() ? List.of(ComputeDefaults.GPU_INSTANCE_TYPE) : ComputeDefaults.CPU_INSTANCE_TYPES;
    List<Market> markets = Market.ofQueue(queue.id()) == Market.SPOT ? List.of(Market.SPOT, Market.ON_DEMAND)
        : List.of(Market.ON_DEMAND);
    return markets.stream().map(m -> Placement.of(r.vcpus(), r.memoryMib(), r.gpus(), where, m, launches, prices))
        .toList();
  }

  /**
   * Holds a sweep to its {@code max_cost} before anything is written: a sweep on Batch needs an estimate
   * to be held to, and a fixed sweep whose estimate may pass it is refused (a driven one is held by its
   * driver as it goes). On this machine nothing is billed: the budget is ignored, with a warning.
   *
   * @return the line saying how the budget stands, or empty without one
   */
  static Optional<String> checkBudget(SweepSpec spec, SweepRecord record, Estimate estimate) {
    if (spec.maxCost().isEmpty()) {
      return Optional.empty();
    }
    double max = spec.maxCost().getAsDouble();
    if (record.backend() != SweepRecord.Backend.AWS) {
      return Optional.of(String.format(java.util.Locale.ROOT, "max_cost $%.2f applies on aws only: nothing is billed on"
          + " this machine", max));
    }
    if (estimate.limit().isEmpty()) {
      boolean noEvidence = estimate.text().startsWith(CostEstimate.NO_ESTIMATE);
      throw new InvalidValueException("max_cost", "a sweep whose cost can be estimated, to hold it to ("
          + estimate.text().lines().findFirst().orElse("") + (noEvidence
              ? "; run it with --probe, or once a sweep of this model and data has run)" : ")"), max);
    }
    Estimate.Limit limit = estimate.limit().get();
    Budget budget = new Budget(max);
    boolean driven = Driving.of(record, spec);
    if (!driven && !budget.allowsSweep(limit.dollars())) {
      throw new InvalidValueException("max_cost", "at least what the sweep may cost, "
          + Range.of(limit.dollars().high()).dollars() + " (every trial all its epochs, " + limit.market()
          + ": the queue's dearest market; fewer trials or epochs would cost less)", max);
    }
    return Optional.of(String.format(java.util.Locale.ROOT, "max_cost $%.2f: the sweep may cost up to %s (every trial"
        + " all its epochs, %s)%s", max, Range.of(limit.dollars().high()).dollars(), limit.market(), driven
            ? "; the driver submits no trial that could pass it" : ", within it"));
  }

  /**
   * The driver's limit: the sweep's {@code max_cost} on Batch, priced at the prices it was started with
   * and estimated from the sweeps recorded so far (its own trials among them); no limit otherwise. A sweep
   * whose estimate cannot be made now submits nothing more, and says why.
   */
  static SpendingLimit driverLimit(Workspace ws, SweepRecord record, SweepSpec spec) {
    if (spec.maxCost().isEmpty() || record.backend() != SweepRecord.Backend.AWS) {
      return SpendingLimit.NONE;
    }
    PriceTable prices = Reports.prices(ws, record, new CostOptions());
    TrialMost most = trialMost(ws, record, spec, Optional.empty(), prices);
    if (most.dollars().isEmpty()) {
      return (r, state) -> Optional.of(most.whyNot());
    }
    return new CostBudget(new Budget(spec.maxCost().getAsDouble()), most.dollars().get(),
        Reports.attemptHistory(ws, record, prices), Clock.systemUTC());
  }

  /**
   * Which of a sweep's {@code stopped} trials {@code resume} submits again: all of them without a
   * {@code max_cost} (or on this machine); under one, those that fit by the driver's rule, in trial order,
   * counted from what Batch says was spent and what {@code active} trials (queued, running) may still spend.
   */
  static ResumeBudget.Decision resumable(Workspace ws, SweepRecord record, List<Integer> active, List<Integer> stopped) {
    SweepSpec spec;
    try {
      spec = new com.batchtrain.invoke.spec.SpecReader().read(record.spec());
    } catch (InvalidValueException olderSpec) {
      // A spec this version no longer reads was written before max_cost existed.
      return ResumeBudget.Decision.all(stopped);
    }
    if (spec.maxCost().isEmpty() || record.backend() != SweepRecord.Backend.AWS) {
      return ResumeBudget.Decision.all(stopped);
    }
    PriceTable prices = Reports.prices(ws, record, new CostOptions());
    // Without the trials file, as the driver does: a trial's epochs at their most, not the trials' mean.
    TrialMost most = trialMost(ws, record, spec, Optional.empty(), prices);
    if (most.dollars().isEmpty()) {
      return ResumeBudget.Decision.none(stopped, most.whyNot());
    }
    SweepUsage spent;
    try {
      spent = SweepUsage.of(Reports.attemptHistory(ws, record, prices).attempts(record, Clock.systemUTC().instant()), true);
    } catch (InvalidValueException unpriced) {
      return ResumeBudget.Decision.none(stopped, "max_cost cannot be held: " + unpriced.getMessage());
    }
    return new ResumeBudget(new Budget(spec.maxCost().getAsDouble()), most.dollars().get()).decide(spent, active, stopped);
  }

  /** One trial's most (all its epochs, the queue's dearest market), or why it cannot be told. */
  private record TrialMost(Optional<Range> dollars, String whyNot) {}

  /** Estimated from the sweeps recorded so far (the sweep's own trials among them), at the sweep's prices. */
  private static TrialMost trialMost(Workspace ws, SweepRecord record, SweepSpec spec, Optional<TrialsFile> trials,
      PriceTable prices) {
    Estimate estimate = of(ws, record, spec, trials, prices, true, Optional.empty(), Set.of());
    if (estimate.limit().isEmpty()) {
      return new TrialMost(Optional.empty(), "max_cost cannot be held without an estimate (" + estimate.text() + ")");
    }
    return new TrialMost(Optional.of(estimate.limit().get().dollars().times(1.0 / record.trialCount())), "");
  }
}
