package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.spec.DataSource;
import com.batchtrain.invoke.spec.SweepSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sweep ready to start: its record (not yet submitted) and its trials file; null for a driven
 * sweep ({@link SweepSpec#driven}), whose driver writes the file as it proposes trials.
 */
public record NewSweep(SweepRecord record, TrialsFile trials) {

  /**
   * @param jobQueue the queue ARN (empty for the local backend)
   * @param jobDefinition the job definition ARN (empty for the local backend)
   */
  public static NewSweep plan(SweepSpec spec, String specText, SweepId id, ResultsLayout layout,
      SweepRecord.Backend backend, String jobQueue, String jobDefinition, Instant now) {
    StorageUri data = dataUri(spec.data(), layout);
    // A driven sweep's trials are proposed one by one by its driver, which writes the file as it grows.
    TrialsFile file = null;
    int trialCount = spec.maxTrials().orElse(0);
    if (!spec.driven()) {
      List<Map<String, Object>> hyperparameters = new TrialPlanner().expand(spec);
      List<TrialsFile.Trial> trials = new ArrayList<>();
      for (int i = 0; i < hyperparameters.size(); i++) {
        trials.add(new TrialsFile.Trial(TrialId.ofIndex(i).value(), hyperparameters.get(i)));
      }
      file = trialsFile(spec, id, data.toString(), trials);
      trialCount = trials.size();
    }
    // The record shows the model's name (a command's: "command: python3 train.py"); a declared model's
    // columns are in the trials file and spec text.
    SweepRecord record = new SweepRecord(id.value(), spec.name(), backend, now.toString(), layout.root().toString(),
        spec.modelName(), data.toString(), spec.objective(), trialCount, List.copyOf(spec.parameters().keySet()),
        spec.attempts(), spec.timeout().seconds(), spec.maxParallel(), spec.queue().id(), spec.resources(),
        jobQueue, jobDefinition, List.of(), specText, null);
    return new NewSweep(record, file);
  }

  /**
   * The sweep's trials file holding {@code trials}: a command trainer's carries the command (and its
   * typed, open hyperparameters) instead of a model; early stopping is decided inside each trial from
   * the file's rule (null: none).
   */
  public static TrialsFile trialsFile(SweepSpec spec, SweepId id, String dataUri, List<TrialsFile.Trial> trials) {
    TrialsFile file = spec.commandTrainer()
        ? TrialsFile.ofCommand(id.value(), spec.trainer(), dataUri, spec.objective(), trials)
        : new TrialsFile(id.value(), spec.preset(), spec.model(), dataUri, spec.objective(), trials, null);
    return file.withEarlyStopping(spec.earlyStopping());
  }

  /** A built-in dataset lives in the results store's {@code data/<name>/}. */
  public static StorageUri dataUri(DataSource source, ResultsLayout layout) {
    if (source instanceof DataSource.Builtin b) {
      return layout.data(b.name());
    }
    return ((DataSource.Stored) source).uri();
  }
}
