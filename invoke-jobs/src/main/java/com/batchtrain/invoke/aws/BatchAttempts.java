package com.batchtrain.invoke.aws;

import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.cost.AttemptUsage;
import com.batchtrain.invoke.cost.Charge;
import com.batchtrain.invoke.cost.Placement;
import com.batchtrain.invoke.cost.PriceTable;
import com.batchtrain.invoke.sweep.AttemptHistory;
import com.batchtrain.invoke.sweep.Submission;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.batch.model.AttemptDetail;
import software.amazon.awssdk.services.batch.model.ContainerDetail;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;

/**
 * A sweep's attempts on Batch, priced: every job of the sweep is described (each trial's jobs, array
 * children one by one, the staging job and the driver job), and each of its attempts becomes an
 * {@link AttemptUsage} from its {@code startedAt}/{@code stoppedAt}, charged at the job's share of an
 * instance of the compute environment it ran in (the cluster of its container instance) at that
 * environment's market. A job's running attempt counts up to now. Of one trial's attempts, in all its
 * jobs, every one but the last was lost to a retry (a reclaim, a retryable exit, a re-run by resume).
 * Jobs Batch no longer knows (it keeps them for days after they end) are not counted.
 */
public final class BatchAttempts implements AttemptHistory {
  static final String STAGE_JOB = "stage";
  static final String DRIVER_JOB = "driver";

  private final BatchJobs jobs;
  private final ComputeEnvironments environments;
  private final Optional<PriceTable> prices;
  private final Map<String, Placement> placements = new HashMap<>();

  /** @param prices what attempts are charged at; empty for their times alone (no environment is described) */
  public BatchAttempts(BatchJobs jobs, ComputeEnvironments environments, Optional<PriceTable> prices) {
    this.jobs = jobs;
    this.environments = environments;
    this.prices = prices;
  }

  @Override
  public boolean billed() {
    return prices.isPresent();
  }

  @Override
  public List<AttemptUsage> attempts(SweepRecord record, Instant now) {
    // What ran each job, in submission order: a later job of the same trial follows its earlier ones.
    Map<String, String> jobOf = new LinkedHashMap<>();
    if (record.stageJobId() != null) {
      jobOf.put(record.stageJobId(), STAGE_JOB);
    }
    if (record.driverJobId() != null) {
      jobOf.put(record.driverJobId(), DRIVER_JOB);
    }
    List<Submission> submissions = new ArrayList<>(record.submissions());
    submissions.sort(Comparator.comparing(Submission::submittedAt));
    for (Submission s : submissions) {
      if (s.array()) {
        for (int k = 0; k < s.count(); k++) {
          jobOf.put(s.jobId() + ":" + k, TrialId.ofIndex(s.firstIndex() + k).value());
        }
      } else {
        jobOf.put(s.jobId(), TrialId.ofIndex(s.firstIndex()).value());
      }
    }
    Map<String, JobDetail> described = jobs.describe(new ArrayList<>(jobOf.keySet()));
    Map<String, List<Ran>> byJob = new LinkedHashMap<>();
    jobOf.forEach((id, job) -> {
      JobDetail d = described.get(id);
      if (d != null) {
        byJob.computeIfAbsent(job, k -> new ArrayList<>()).addAll(ran(d, now));
      }
    });
    List<AttemptUsage> out = new ArrayList<>();
    byJob.forEach((job, ran) -> {
      for (int i = 0; i < ran.size(); i++) {
        Ran r = ran.get(i);
        AttemptUsage.Fate fate = r.running() ? AttemptUsage.Fate.RUNNING
            : i < ran.size() - 1 ? AttemptUsage.Fate.LOST : AttemptUsage.Fate.ENDED_TRIAL;
        out.add(new AttemptUsage(job, r.startedAt(), r.stoppedAt(), r.charge(), fate));
      }
    });
    out.sort(Comparator.comparing(AttemptUsage::startedAt));
    return out;
  }

  /** One attempt of a job as Batch described it. */
  private record Ran(Instant startedAt, Instant stoppedAt, Optional<Charge> charge, boolean running) {}

  private List<Ran> ran(JobDetail d, Instant now) {
    List<Ran> out = new ArrayList<>();
    int[] resources = resources(d.container());
    for (AttemptDetail a : d.attempts()) {
      // An attempt whose container never started ran nothing.
      if (a.startedAt() == null || a.startedAt() == 0 || a.stoppedAt() == null) {
        continue;
      }
      String instance = a.container() == null ? null : a.container().containerInstanceArn();
      out.add(new Ran(Instant.ofEpochMilli(a.startedAt()), Instant.ofEpochMilli(Math.max(a.startedAt(), a.stoppedAt())),
          charge(d, instance, resources), false));
    }
    if (d.status() == JobStatus.RUNNING && d.startedAt() != null && d.startedAt() > 0) {
      Instant started = Instant.ofEpochMilli(d.startedAt());
      out.add(new Ran(started, now.isBefore(started) ? started : now,
          charge(d, d.container() == null ? null : d.container().containerInstanceArn(), resources), true));
    }
    return out;
  }

  /**
   * The charge of an attempt: in the environment that ran it; when its container instance names none
   * Batch still has, the dearest of its queue's environments, as an upper bound.
   */
  private Optional<Charge> charge(JobDetail d, String containerInstance, int[] r) {
    return prices.map(table -> charge(d, containerInstance, r, table));
  }

  private Charge charge(JobDetail d, String containerInstance, int[] r, PriceTable table) {
    Optional<ComputeEnvironments.Environment> ran = environments.ofContainerInstance(containerInstance);
    if (ran.isPresent()) {
      return Charge.of(placement(ran.get(), r, table));
    }
    Charge dearest = null;
    for (ComputeEnvironments.Environment e : environments.ofQueue(d.jobQueue())) {
      Charge c = Charge.of(placement(e, r, table));
      if (dearest == null || c.dollarsPerHour() > dearest.dollarsPerHour()) {
        dearest = c;
      }
    }
    if (dearest == null) {
      throw new IllegalStateException("job queue " + d.jobQueue() + " has no compute environment to price job "
          + d.jobId() + " by");
    }
    return new Charge(dearest.on(), dearest.market(), false);
  }

  private Placement placement(ComputeEnvironments.Environment e, int[] r, PriceTable table) {
    return placements.computeIfAbsent(e.arn() + "/" + r[0] + "/" + r[1] + "/" + r[2], k -> Placement.of(r[0], r[1],
        r[2], environments.region(), e.market(), e.instanceTypes(), table));
  }

  /** VCPU, MEMORY (MiB) and GPU the job reserved: its resource requirements, else the older vcpus/memory fields. */
  private static int[] resources(ContainerDetail c) {
    int vcpus = 1;
    int memory = 1;
    int gpus = 0;
    if (c != null) {
      vcpus = c.vcpus() == null ? vcpus : c.vcpus();
      memory = c.memory() == null ? memory : c.memory();
      for (ResourceRequirement r : c.resourceRequirements()) {
        switch (r.typeAsString()) {
          case "VCPU" -> vcpus = (int) Math.ceil(Double.parseDouble(r.value()));
          case "MEMORY" -> memory = Integer.parseInt(r.value());
          case "GPU" -> gpus = Integer.parseInt(r.value());
          default -> { }
        }
      }
    }
    return new int[] {Math.max(1, vcpus), Math.max(1, memory), gpus};
  }
}
