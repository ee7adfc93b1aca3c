package com.batchtrain.invoke.bench;

import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.aws.BatchJobs;
import com.batchtrain.invoke.aws.FakeAwsServer;
import com.batchtrain.invoke.aws.JobRequests;
import com.batchtrain.invoke.spec.Resources;
import com.batchtrain.invoke.sweep.Submission;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.batch.BatchClient;
import com.batchtrain.invoke.aws.AwsClients;

/**
 * Benchmark (not a test): submitting an N-trial sweep as ONE array job versus one SubmitJob per
 * trial, and reading the sweep's state back both ways, through the real SDK client against the
 * loopback {@link FakeAwsServer}. Prints API calls and wall time (median of the repetitions).
 *
 * <p>Usage: {@code SubmissionBenchmark [trials=1000] [repetitions=5]}; run by bench/invoke-jobs/submission.sh.
 */
public final class SubmissionBenchmark {
  private SubmissionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.setProperty("aws.accessKeyId", "bench");
    System.setProperty("aws.secretAccessKey", "bench");
    ResultsLayout layout = new ResultsLayout(StorageUri.parse("s3://bench-bucket/"));
    SweepRecord record = new SweepRecord("bench-sweep", "bench", SweepRecord.Backend.AWS, "2026-01-01T00:00:00Z",
        "s3://bench-bucket/", "calcloud-memory-bin", "s3://bench-bucket/data/calcloud/",
        new Objective("val_accuracy", Objective.Goal.MAXIMIZE), trials, List.of("learning_rate"), 3, 3600, trials,
        "cpu", Resources.DEFAULT, "arn:aws:batch:us-east-1:123456789012:job-queue/cpu",
        "arn:aws:batch:us-east-1:123456789012:job-definition/cpu-trial:1", List.of(), "", null);

    try (FakeAwsServer aws = new FakeAwsServer();
         BatchClient batch = new AwsClients(Optional.of("us-east-1"), Optional.of(aws.endpoint())).batch()) {
      BatchJobs jobs = new BatchJobs(batch, Clock.systemUTC());
      // Warm-up: class loading, connection pool, JIT.
      for (int i = 0; i < 3; i++) {
        jobs.submitSweep(record, layout);
        for (int t = 0; t < Math.min(trials, 200); t++) {
          jobs.submit(JobRequests.singleTrial(record, layout, t), t, 1);
        }
      }
      System.out.printf("trials: %d, repetitions: %d (median wall time)%n", trials, repetitions);
      System.out.printf("%-34s %10s %12s%n", "what", "API calls", "wall ms");

      double[] array = new double[repetitions];
      double[] loop = new double[repetitions];
      double[] arrayStatus = new double[repetitions];
      double[] loopStatus = new double[repetitions];
      long arrayCalls = 0;
      long loopCalls = 0;
      long arrayStatusCalls = 0;
      long loopStatusCalls = 0;
      for (int r = 0; r < repetitions; r++) {
        aws.clearCalls();
        long t0 = System.nanoTime();
        SweepRecord arrayRecord = jobs.submitSweep(record, layout);
        array[r] = (System.nanoTime() - t0) / 1e6;
        arrayCalls = aws.calls().size();

        aws.clearCalls();
        t0 = System.nanoTime();
        List<Submission> plain = new ArrayList<>(trials);
        for (int t = 0; t < trials; t++) {
          plain.add(jobs.submit(JobRequests.singleTrial(record, layout, t), t, 1));
        }
        loop[r] = (System.nanoTime() - t0) / 1e6;
        loopCalls = aws.calls().size();
        SweepRecord loopRecord = record.withSubmissions(plain);

        // Half the children finished, half running: status reads both states.
        String parent = arrayRecord.submissions().get(0).jobId();
        for (int t = 0; t < trials; t++) {
          aws.set(parent, t, t % 2 == 0 ? FakeAwsServer.Status.SUCCEEDED : FakeAwsServer.Status.RUNNING, null, null);
          aws.set(plain.get(t).jobId(), null, t % 2 == 0 ? FakeAwsServer.Status.SUCCEEDED : FakeAwsServer.Status.RUNNING, null, null);
        }
        aws.clearCalls();
        t0 = System.nanoTime();
        int seen = jobs.states(arrayRecord).size();
        arrayStatus[r] = (System.nanoTime() - t0) / 1e6;
        arrayStatusCalls = aws.calls().size();
        aws.clearCalls();
        t0 = System.nanoTime();
        seen += jobs.states(loopRecord).size();
        loopStatus[r] = (System.nanoTime() - t0) / 1e6;
        loopStatusCalls = aws.calls().size();
        if (seen != 2 * trials) {
          throw new IllegalStateException("status saw " + seen + " trials, expected " + 2 * trials);
        }
      }
      row("submit: one array job", arrayCalls, median(array));
      row("submit: one SubmitJob per trial", loopCalls, median(loop));
      row("status: array (Describe+ListJobs)", arrayStatusCalls, median(arrayStatus));
      row("status: plain jobs (DescribeJobs)", loopStatusCalls, median(loopStatus));
    }
  }

  private static void row(String what, long calls, double ms) {
    System.out.printf("%-34s %10d %12.1f%n", what, calls, ms);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
