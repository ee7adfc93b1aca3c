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
 * A sweep ready to start: its record (not yet submitted), its trials file as written before any trial
 * runs (null for a driven sweep ({@link Driving}), whose driver writes the file as it submits trials),
 * and its planned trials (the same file when it is written at once; null for {@code method: bayes},
 * whose trials are proposed from results).
 */
public record NewSweep(SweepRecord record, TrialsFile trials, TrialsFile planned) {

  /** The same grid or random sweep submitted at once, its trials file written before it runs. */
  public NewSweep atOnce() {
    if (planned == null) {
      throw new IllegalStateException("method bayes proposes its trials one by one: it cannot be submitted at once");
    }
    return new NewSweep(record, planned, planned);
  }

  /** The same sweep with {@code changed} as its record. */
  public NewSweep withRecord(SweepRecord changed) {
    return new NewSweep(changed, trials, planned);
  }

  /**
   * @param jobQueue the queue ARN (empty for the local backend)
   * @param jobDefinition the job definition ARN (empty for the local backend)
   */
  public static NewSweep plan(SweepSpec spec, String specText, SweepId id, ResultsLayout layout,
      SweepRecord.Backend backend, String jobQueue, String jobDefinition, Instant now) {
    StorageUri data = dataUri(spec.data(), layout);
    // A driven sweep's trials are submitted a few at a time by its driver, which writes the file as it grows.
    TrialsFile planned = null;
    int trialCount = spec.maxTrials().orElse(0);
    if (!spec.adaptive()) {
      List<Map<String, Object>> hyperparameters = new TrialPlanner().expand(spec);
      List<TrialsFile.Trial> trials = new ArrayList<>();
      for (int i = 0; i < hyperparameters.size(); i++) {
        trials.add(new TrialsFile.Trial(TrialId.ofIndex(i).value(), hyperparameters.get(i)));
      }
      planned = trialsFile(spec, id, data.toString(), trials);
      trialCount = trials.size();
    }
    // The record shows the model's name (a command's: "command: python3 train.py"); a declared model's
    // columns are in the trials file and spec text.
    SweepRecord record = new SweepRecord(id.value(), spec.name(), backend, now.toString(), layout.root().toString(),
        spec.modelName(), data.toString(), spec.objective(), trialCount, List.copyOf(spec.parameters().keySet()),
        spec.attempts(), spec.timeout().seconds(), spec.maxParallel(), spec.queue().id(), spec.resources(),
        jobQueue, jobDefinition, List.of(), specText, null);
    return new NewSweep(record, Driving.required(spec, backend) ? null : planned, planned);
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
