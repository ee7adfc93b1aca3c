package com.batchtrain.invoke.cli;

import com.batchtrain.contract.ComputeDefaults;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.aws.ComputeEnvironments;
import com.batchtrain.invoke.cost.Budget;
import com.batchtrain.invoke.cost.CostEstimate;
import com.batchtrain.invoke.cost.Market;
import com.batchtrain.invoke.cost.Placement;
import com.batchtrain.invoke.cost.PriceTable;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.drive.SpendingLimit;
import com.batchtrain.invoke.estimate.CostBudget;
import com.batchtrain.invoke.estimate.Estimate;
import com.batchtrain.invoke.estimate.Evidence;
import com.batchtrain.invoke.estimate.RecordedTimes;
import com.batchtrain.invoke.estimate.SweepEstimator;
import com.batchtrain.invoke.spec.Resources;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Clock;
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
   * price of where its queue places trials first. A store or price that cannot be read gives no estimate,
   * with the reason; it never stops the sweep by itself.
   *
   * @param stackKnown whether the stack was read (a dry run before it exists prices the stack's defaults)
   */
  static Estimate of(Workspace ws, SweepRecord record, SweepSpec spec, Optional<TrialsFile> trials, PriceTable prices,
      boolean stackKnown, Optional<String> region, Set<SweepId> except) {
    if (!stackKnown && record.backend() == SweepRecord.Backend.AWS && ws.resultsOption().isEmpty()) {
      return Estimate.none("no estimate: the stack's results store, where earlier sweeps are recorded, cannot be read"
          + " before the stack exists (--results names one)");
    }
    Evidence evidence;
    try {
      evidence = new RecordedTimes(ws.sweeps(), r -> Reports.attemptHistory(ws, r, prices)).find(record, except);
    } catch (RuntimeException unreadable) {
      return Estimate.none("no estimate: the results store's earlier sweeps cannot be read (" + unreadable.getMessage()
          + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Estimate.none("no estimate: interrupted");
    }
    if (evidence.epochTimes().isEmpty()) {
      return Estimate.none(CostEstimate.NO_ESTIMATE);
    }
    try {
      Optional<Placement> placement = record.backend() == SweepRecord.Backend.AWS
          ? Optional.of(placement(ws, record, prices, stackKnown, region)) : Optional.empty();
      return SweepEstimator.estimate(spec, record.trialCount(), trials, evidence, placement);
    } catch (RuntimeException unpriced) {
      // A price the table lacks, queues that cannot be described: the sweep goes on, without an estimate.
      return Estimate.none("no estimate: " + unpriced.getMessage());
    }
  }

  /**
   * Where the queue places a trial first and at what price: its first compute environment as Batch
   * describes it; before the stack exists, what infra launches by default on that kind of queue.
   */
  private static Placement placement(Workspace ws, SweepRecord record, PriceTable prices, boolean stackKnown,
      Optional<String> region) {
    Resources r = record.resources();
    if (stackKnown) {
      ComputeEnvironments environments = ws.computeEnvironments();
      List<ComputeEnvironments.Environment> order = environments.ofQueue(record.jobQueue());
      if (order.isEmpty()) {
        throw new InvalidValueException("queue", "a job queue with a compute environment", record.jobQueue());
      }
      ComputeEnvironments.Environment first = order.get(0);
      return Placement.of(r.vcpus(), r.memoryMib(), r.gpus(), environments.region(), first.market(),
          first.instanceTypes(), prices);
    }
    String where = region.orElseGet(() -> {
      try {
        return new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (RuntimeException none) {
        throw new InvalidValueException("--region", "a region to price the trials in (or AWS_REGION)", null);
      }
    });
    QueueChoice queue = QueueChoice.parse(record.queue());
    return Placement.of(r.vcpus(), r.memoryMib(), r.gpus(), where, Market.ofQueue(queue.id()),
        queue.gpu() ? List.of(ComputeDefaults.GPU_INSTANCE_TYPE) : ComputeDefaults.CPU_INSTANCE_TYPES, prices);
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
    Optional<Range> dollars = estimate.expectedDollars();
    if (dollars.isEmpty()) {
      throw new InvalidValueException("max_cost", "a sweep whose cost can be estimated, to hold it to ("
          + estimate.text().lines().findFirst().orElse("") + "; run it with --probe, or once a sweep of this model and"
          + " data has run)", max);
    }
    Budget budget = new Budget(max);
    String market = estimate.cost().orElseThrow().placement().market().label();
    if (!spec.driven() && !budget.allowsSweep(dollars.get())) {
      throw new InvalidValueException("max_cost", "at least the estimate's high end, " + dollars.get().dollars() + " "
          + market + " (fewer trials or epochs would cost less)", max);
    }
    return Optional.of(String.format(java.util.Locale.ROOT, "max_cost $%.2f: the estimate is %s %s%s", max,
        dollars.get().dollars(), market, spec.driven() ? "; the driver submits no trial that could pass it"
            : ", within it"));
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
    Estimate estimate = of(ws, record, spec, Optional.empty(), prices, true, Optional.empty(), Set.of());
    Budget budget = new Budget(spec.maxCost().getAsDouble());
    if (estimate.cost().isEmpty()) {
      String why = "max_cost cannot be held without an estimate (" + estimate.text() + ")";
      return (r, state) -> Optional.of(why);
    }
    return new CostBudget(budget, estimate.cost().get(), Reports.attemptHistory(ws, record, prices), Clock.systemUTC());
  }
}
