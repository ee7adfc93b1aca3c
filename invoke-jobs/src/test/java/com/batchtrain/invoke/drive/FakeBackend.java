package com.batchtrain.invoke.drive;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.sweep.ExitClassifier;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStates;
import com.batchtrain.storage.ObjectStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backend the test runs by hand: jobs are queued when launched and end when the test says, a
 * finished trial publishing a manifest with its objective as a real trial would. It can crash the
 * driver right after a SubmitJob was accepted (the window reconciliation exists for).
 */
public final class FakeBackend implements TrialLauncher, TrialStates {
  private final ObjectStore store;
  private final ResultsLayout layout;
  private final Map<Integer, List<Launch>> jobs = new TreeMap<>();
  private final Map<String, TrialState> states = new HashMap<>();
  private int nextJob;
  /** Launches left before the next one crashes the driver after it was accepted (-1: never). */
  int crashAfterLaunches = -1;
  int cancels;
  /** Why no trial can run (a failed staging job), when the test says so. */
  String blocked;

  public FakeBackend(ObjectStore store, ResultsLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  static final class Crash extends RuntimeException {
    Crash(String where) {
      super("driver killed " + where);
    }
  }

  @Override
  public Launch launch(SweepRecord record, int index) {
    Launch l = new Launch(index, "job-" + (nextJob++), record.sweepId() + "-" + TrialId.ofIndex(index));
    jobs.computeIfAbsent(index, k -> new ArrayList<>()).add(l);
    states.put(l.jobId(), TrialState.PENDING);
    if (crashAfterLaunches == 0) {
      crashAfterLaunches = -1;
      throw new Crash("after Batch accepted " + l.jobId());
    }
    if (crashAfterLaunches > 0) {
      crashAfterLaunches--;
    }
    return l;
  }

  @Override
  public Map<Integer, List<Launch>> existing(SweepRecord record) {
    Map<Integer, List<Launch>> out = new TreeMap<>();
    jobs.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  @Override
  public java.util.Optional<String> blocked(SweepRecord record) {
    return java.util.Optional.ofNullable(blocked);
  }

  @Override
  public void cancel(SweepRecord record) {
    cancels++;
  }

  @Override
  public void close() {}

  @Override
  public Map<Integer, ExitClassifier.TrialStatusPart> states(SweepRecord record) {
    Map<Integer, ExitClassifier.TrialStatusPart> out = new HashMap<>();
    jobs.forEach((i, launches) -> out.put(i, new ExitClassifier.TrialStatusPart(
        states.get(launches.get(launches.size() - 1).jobId()), "fake")));
    return out;
  }

  /** Trials whose newest job is queued or running. */
  public List<Integer> active() {
    return jobs.entrySet().stream().filter(e -> {
      TrialState s = states.get(e.getValue().get(e.getValue().size() - 1).jobId());
      return s == TrialState.PENDING || s == TrialState.RUNNING;
    }).map(Map.Entry::getKey).toList();
  }

  /** Trial {@code index}'s newest job succeeds, publishing {@code value} as {@code metric}. */
  public void succeed(SweepRecord record, int index, String metric, double value) {
    publish(record, index, metric, value);
    end(index, TrialState.SUCCEEDED);
  }

  /** The trial's manifest published, its job still running (its container exiting). */
  public void publish(SweepRecord record, int index, String metric, double value) {
    store.write(layout.manifest(record.id(), TrialId.ofIndex(index)), new Manifest(record.sweepId(),
        TrialId.ofIndex(index).value(), "2026-12-07T00:00:00Z", Map.of(), Map.of(metric, value), List.of()).toJson());
    end(index, TrialState.RUNNING);
  }

  /** Trial {@code index}'s newest job ends as {@code state} without publishing (stopped, failed). */
  void end(int index, TrialState state) {
    List<Launch> launches = jobs.get(index);
    states.put(launches.get(launches.size() - 1).jobId(), state);
  }

  int jobsOf(int index) {
    return jobs.getOrDefault(index, List.of()).size();
  }

  int trialsWithJobs() {
    return jobs.size();
  }
}
