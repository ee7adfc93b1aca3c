package com.batchtrain.invoke.aws;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.invoke.drive.TrialLauncher;
import com.batchtrain.invoke.sweep.Submission;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * A driven sweep's trials as plain Batch jobs, one SubmitJob each (named {@code <sweep>-<trial>},
 * tagged with the sweep, after the staging job when there is one), so that the driver decides how many
 * run at once. Reconciliation lists them back by that name and tag.
 */
public final class BatchLauncher implements TrialLauncher {
  private final BatchJobs jobs;
  private final ResultsLayout layout;

  public BatchLauncher(BatchJobs jobs, ResultsLayout layout) {
    this.jobs = jobs;
    this.layout = layout;
  }

  @Override
  public Launch launch(SweepRecord record, int index) {
    SubmitJobRequest request = JobRequests.singleTrial(record, layout, index);
    if (record.stageJobId() != null) {
      // Depending on a job that has already succeeded is satisfied at once; on a failed one, Batch fails the trial.
      request = JobRequests.after(request, record.stageJobId());
    }
    Submission s = jobs.submit(request, index, 1);
    return new Launch(index, s.jobId(), s.jobName());
  }

  /** Set once the staging job succeeded: from then on nothing can block the trials, and it is not asked again. */
  private boolean staged;

  /** The staging job failed: Batch fails every trial that depends on it, so the driver stops, with the job's reason. */
  @Override
  public java.util.Optional<String> blocked(SweepRecord record) {
    if (record.stageJobId() == null || staged) {
      return java.util.Optional.empty();
    }
    java.util.Optional<software.amazon.awssdk.services.batch.model.JobStatus> status = jobs.status(record.stageJobId());
    staged = status.filter(s -> s == software.amazon.awssdk.services.batch.model.JobStatus.SUCCEEDED).isPresent();
    if (status.filter(s -> s == software.amazon.awssdk.services.batch.model.JobStatus.FAILED).isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("the dataset staging job " + record.stageJobId() + " failed, so no trial can run: "
        + jobs.describeJobLine(record.stageJobId()) + " (invoke-jobs status " + record.sweepId() + " shows its recorded reason)");
  }

  @Override
  public Map<Integer, List<Launch>> existing(SweepRecord record) {
    Map<Integer, List<Launch>> out = new TreeMap<>();
    jobs.trialJobs(record).forEach((index, details) -> {
      List<Launch> launches = new ArrayList<>();
      details.forEach(d -> launches.add(new Launch(index, d.jobId(), d.jobName())));
      out.put(index, launches);
    });
    return out;
  }

  @Override
  public void cancel(SweepRecord record) {
    jobs.cancel(record);
  }

  @Override
  public void close() {
    // Batch runs the jobs; nothing here waits for them.
  }
}
