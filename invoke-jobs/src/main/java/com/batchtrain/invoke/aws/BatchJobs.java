package com.batchtrain.invoke.aws;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.invoke.sweep.ExitClassifier;
import com.batchtrain.invoke.sweep.Submission;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobResponse;

/** A sweep's jobs on AWS Batch: submit, read trial states, cancel. */
public final class BatchJobs implements TrialStates {
  /** DescribeJobs takes at most 100 job ids per call. */
  private static final int DESCRIBE_BATCH = 100;
  private static final int LIST_PAGE = 1000;
  private static final Set<JobStatus> QUEUED =
      Set.of(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE, JobStatus.STARTING);
  public static final String CANCEL_REASON = "cancelled with invoke-jobs cancel";

  private final BatchClient batch;
  private final Clock clock;

  public BatchJobs(BatchClient batch, Clock clock) {
    this.batch = batch;
    this.clock = clock;
  }

  public Submission submit(SubmitJobRequest request, int firstIndex, int count) {
    SubmitJobResponse r = call("SubmitJob " + request.jobName(), () -> batch.submitJob(request));
    return new Submission(r.jobId(), r.jobName(), firstIndex, count, request.arrayProperties() != null,
        clock.instant().toString());
  }

  /** Submits the whole sweep as one job and returns the record with that submission. */
  public SweepRecord submitSweep(SweepRecord record, ResultsLayout layout) {
    return record.withSubmissions(List.of(submit(JobRequests.wholeSweep(record, layout), 0, record.trialCount())));
  }

  /** Submits the whole sweep as one job that starts only after job {@code stageJobId} succeeded. */
  public SweepRecord submitSweepAfter(SweepRecord record, ResultsLayout layout, String stageJobId) {
    SubmitJobRequest request = JobRequests.after(JobRequests.wholeSweep(record, layout), stageJobId);
    return record.withSubmissions(List.of(submit(request, 0, record.trialCount())));
  }

  /** Submits the dataset staging job; returns its job id. It is no trial, so it is no {@link Submission}. */
  public String submitStage(SubmitJobRequest request) {
    return call("SubmitJob " + request.jobName(), () -> batch.submitJob(request)).jobId();
  }

  /** Re-submits some trials: the whole array again if that is all of them, else one plain job each. */
  public SweepRecord resubmit(SweepRecord record, ResultsLayout layout, List<Integer> indexes) {
    if (indexes.size() == record.trialCount()) {
      return submitSweep(record, layout);
    }
    List<Submission> out = new ArrayList<>();
    for (int i : indexes) {
      out.add(submit(JobRequests.singleTrial(record, layout, i), i, 1));
    }
    return record.withSubmissions(out);
  }

  /**
   * Every job Batch has for the sweep's trials, by trial index: one ListJobs of the sweep's queue
   * filtered by job name ({@code <sweep>-t*}, every status), then DescribeJobs to keep only jobs
   * tagged with the sweep. What a driver that died after a SubmitJob left unjournaled is found here.
   */
  public Map<Integer, List<JobDetail>> trialJobs(SweepRecord record) {
    String prefix = record.sweepId() + "-t";
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListJobsResponse page = call("ListJobs", () -> batch.listJobs(r -> r.jobQueue(record.jobQueue()).maxResults(LIST_PAGE)
          .filters(f -> f.name("JOB_NAME").values(prefix + "*")).nextToken(next)));
      page.jobSummaryList().forEach(j -> ids.add(j.jobId()));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    Map<Integer, List<JobDetail>> out = new java.util.TreeMap<>();
    for (JobDetail d : describe(ids).values()) {
      if (!record.sweepId().equals(d.tags().get(JobRequests.SWEEP_TAG)) || !d.jobName().startsWith(prefix)) {
        continue;
      }
      try {
        int index = com.batchtrain.contract.TrialId.of(d.jobName().substring(record.sweepId().length() + 1)).index();
        out.computeIfAbsent(index, k -> new ArrayList<>()).add(d);
      } catch (com.batchtrain.contract.InvalidValueException notATrial) {
        // another job of the sweep (its staging job is <sweep>-stage)
      }
    }
    out.values().forEach(l -> l.sort(java.util.Comparator.comparing(JobDetail::createdAt)));
    return out;
  }

  /** The status of one job, empty when Batch no longer knows it. */
  public Optional<JobStatus> status(String jobId) {
    return Optional.ofNullable(describe(List.of(jobId)).get(jobId)).map(JobDetail::status);
  }

  /**
   * One line about a job that is no trial (the sweep's driver job): its status, the attempts it has
   * made, and Batch's reason once it stopped; {@code no longer known to Batch} when it aged out.
   */
  public String describeJobLine(String jobId) {
    JobDetail d = describe(List.of(jobId)).get(jobId);
    if (d == null) {
      return jobId + " no longer known to Batch";
    }
    int attempts = d.hasAttempts() ? d.attempts().size() : 0;
    boolean ended = d.status() == JobStatus.SUCCEEDED || d.status() == JobStatus.FAILED;
    return jobId + " " + d.status().toString().toLowerCase(java.util.Locale.ROOT)
        + (attempts > 0 && !ended ? " (after " + attempts + " ended attempt(s))" : attempts > 1 ? " (" + attempts + " attempts)" : "")
        + (d.statusReason() == null || d.statusReason().isBlank() ? "" : ": " + d.statusReason());
  }

  /** Batch's status reason for a job whose dependency failed (the staging job, for a sweep's trials). */
  public static final String DEPENDENCY_FAILED_REASON = "Dependent Job failed";

  @Override
  public Map<Integer, ExitClassifier.TrialStatusPart> states(SweepRecord record) {
    List<String> ids = new ArrayList<>(record.submissions().stream().map(Submission::jobId).toList());
    // The staging job rides along in the same DescribeJobs call: whether it failed tells why trials never ran.
    if (record.stageJobId() != null) {
      ids.add(record.stageJobId());
    }
    Map<String, JobDetail> jobs = describe(ids);
    JobDetail stage = record.stageJobId() == null ? null : jobs.get(record.stageJobId());
    boolean stageFailed = stage != null && stage.status() == JobStatus.FAILED;
    // Children of each array job, by index, listed once per status that the parent's summary says is present.
    Map<String, Map<Integer, JobSummary>> children = new HashMap<>();
    for (Submission s : record.submissions()) {
      JobDetail parent = jobs.get(s.jobId());
      if (s.array() && parent != null) {
        children.put(s.jobId(), listChildren(parent));
      }
    }
    Map<Integer, ExitClassifier.TrialStatusPart> out = new HashMap<>();
    for (int i = 0; i < record.trialCount(); i++) {
      Optional<Submission> s = record.latestFor(i);
      if (s.isEmpty()) {
        continue;
      }
      out.put(i, trialState(jobs, children, s.get(), i));
    }
    // Trials of the first submission wait for the staging job (dependsOn); resubmissions do not.
    if (record.stageJobId() != null && !record.submissions().isEmpty()) {
      String first = record.submissions().get(0).jobId();
      out.replaceAll((i, part) -> record.latestFor(i).map(Submission::jobId).filter(first::equals).isPresent()
          && neverRanAfterFailedStaging(part, stageFailed) ? part.afterFailedStaging() : part);
    }
    return out;
  }

  /** Never ran, and Batch says its dependency failed (or the staging job failed and nobody cancelled the trials). */
  private static boolean neverRanAfterFailedStaging(ExitClassifier.TrialStatusPart part, boolean stageFailed) {
    if (part.state() != TrialState.STOPPED || part.ending().isEmpty() || part.ending().get().exitCode().isPresent()) {
      return false;
    }
    String reason = part.ending().get().statusReason();
    if (reason.startsWith(ExitCode.SPOT_RECLAIM_STATUS_REASON.replace("*", ""))) {
      return false;
    }
    return reason.toLowerCase(java.util.Locale.ROOT).contains(DEPENDENCY_FAILED_REASON.toLowerCase(java.util.Locale.ROOT))
        || stageFailed && !reason.contains(CANCEL_REASON);
  }

  private static ExitClassifier.TrialStatusPart trialState(Map<String, JobDetail> jobs,
      Map<String, Map<Integer, JobSummary>> children, Submission s, int i) {
    JobDetail job = jobs.get(s.jobId());
    if (job == null) {
      return new ExitClassifier.TrialStatusPart(TrialState.STOPPED, "job " + s.jobId() + " no longer known to Batch");
    }
    if (!s.array()) {
      return state(job.status(), job.statusReason(),
          job.container() == null ? Optional.empty() : Optional.ofNullable(job.container().exitCode()));
    }
    JobSummary child = children.get(s.jobId()).get(i - s.firstIndex());
    if (child != null) {
      return state(child.status(), child.statusReason(),
          child.container() == null ? Optional.empty() : Optional.ofNullable(child.container().exitCode()));
    }
    if (QUEUED.contains(job.status()) || job.status() == JobStatus.RUNNING) {
      return new ExitClassifier.TrialStatusPart(TrialState.PENDING, "array job " + job.status().toString().toLowerCase());
    }
    return ExitClassifier.classify(Optional.empty(), job.statusReason());
  }

  /** Describes only the newest job of each trial in {@code only} (and the staging job). */
  @Override
  public Map<Integer, ExitClassifier.TrialStatusPart> states(SweepRecord record, Set<Integer> only) {
    List<Submission> newest = new ArrayList<>();
    for (int i : new java.util.TreeSet<>(only)) {
      record.latestFor(i).filter(s -> !newest.contains(s)).ifPresent(newest::add);
    }
    Map<Integer, ExitClassifier.TrialStatusPart> out = new HashMap<>(states(record.withOnlySubmissions(newest)));
    out.keySet().retainAll(only);
    return out;
  }

  /** Stops every unfinished job of the sweep; returns how many jobs were asked to stop. */
  public int cancel(SweepRecord record) {
    Map<String, JobDetail> jobs = describe(record.submissions().stream().map(Submission::jobId).toList());
    int stopped = 0;
    for (Submission s : record.submissions()) {
      JobDetail job = jobs.get(s.jobId());
      if (job == null || job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.FAILED) {
        continue;
      }
      // CancelJob leaves started work running, so it only fits plain jobs still queued; TerminateJob
      // on an array parent stops its running children and cancels the queued ones.
      if (!s.array() && QUEUED.contains(job.status()) && job.status() != JobStatus.STARTING) {
        call("CancelJob " + s.jobId(), () -> batch.cancelJob(r -> r.jobId(s.jobId()).reason(CANCEL_REASON)));
      } else {
        call("TerminateJob " + s.jobId(), () -> batch.terminateJob(r -> r.jobId(s.jobId()).reason(CANCEL_REASON)));
      }
      stopped++;
    }
    return stopped;
  }

  /** The jobs Batch still knows among {@code ids} (child jobs as {@code <array job>:<index>}), by id, 100 per call. */
  Map<String, JobDetail> describe(List<String> ids) {
    Map<String, JobDetail> out = new HashMap<>();
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
    for (int from = 0; from < unique.size(); from += DESCRIBE_BATCH) {
      List<String> chunk = unique.subList(from, Math.min(unique.size(), from + DESCRIBE_BATCH));
      for (JobDetail d : call("DescribeJobs", () -> batch.describeJobs(r -> r.jobs(chunk))).jobs()) {
        out.put(d.jobId(), d);
      }
    }
    return out;
  }

  private Map<Integer, JobSummary> listChildren(JobDetail parent) {
    Map<Integer, JobSummary> out = new HashMap<>();
    Map<String, Integer> summary = parent.arrayProperties() == null ? Map.of() : parent.arrayProperties().statusSummary();
    for (JobStatus status : JobStatus.knownValues()) {
      if (!summary.isEmpty() && summary.getOrDefault(status.toString(), 0) == 0) {
        continue;
      }
      String token = null;
      do {
        String next = token;
        ListJobsResponse page = call("ListJobs", () -> batch.listJobs(r -> r.arrayJobId(parent.jobId())
            .jobStatus(status).maxResults(LIST_PAGE).nextToken(next)));
        for (JobSummary j : page.jobSummaryList()) {
          if (j.arrayProperties() != null && j.arrayProperties().index() != null) {
            out.put(j.arrayProperties().index(), j);
          }
        }
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    }
    return out;
  }

  private static ExitClassifier.TrialStatusPart state(JobStatus status, String reason, Optional<Integer> exitCode) {
    if (status == null) {
      return new ExitClassifier.TrialStatusPart(TrialState.PENDING, "unknown");
    }
    String detail = status.toString().toLowerCase() + (reason == null || reason.isEmpty() ? "" : ": " + reason);
    return switch (status) {
      case SUBMITTED, PENDING, RUNNABLE, STARTING -> new ExitClassifier.TrialStatusPart(TrialState.PENDING, detail);
      case RUNNING -> new ExitClassifier.TrialStatusPart(TrialState.RUNNING, detail);
      case SUCCEEDED -> new ExitClassifier.TrialStatusPart(TrialState.SUCCEEDED, detail);
      default -> ExitClassifier.classify(exitCode, reason);
    };
  }

  private static <T> T call(String what, java.util.function.Supplier<T> request) {
    return AwsFailures.call(what, request);
  }
}
