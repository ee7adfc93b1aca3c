package com.batchtrain.contract;

/**
 * Keys of the results store (docs/job-contract.md, "Results store layout"), below a root URI that is
 * an S3 bucket (optionally with a prefix) or a local directory.
 */
public record ResultsLayout(StorageUri root) {
  public static final String MANIFEST = "manifest.json";
  public static final String TRIALS_FILE = "trials.json";
  public static final String SWEEP_RECORD = "sweep.json";
  /** Below a sweep: the price table the user gave when starting it, which its budget is held to. */
  public static final String PRICES = "prices.json";
  public static final String DATA_PREFIX = "data/";
  public static final String SWEEPS_PREFIX = "sweeps/";
  public static final String CHECKPOINTS_PREFIX = "checkpoints/";
  /** Below a sweep: what its dataset staging job leaves (its failure records). */
  public static final String STAGE_DIR = "stage/";
  /** Below a trial or the stage dir: one small record per failed attempt. */
  public static final String FAILURES_DIR = "failures/";
  public static final String JOURNAL_DIR = "journal/";

  public ResultsLayout {
    root = root.asDirectory();
  }

  public StorageUri data(String dataset) {
    return root.resolve(DATA_PREFIX + dataset + "/");
  }

  public StorageUri sweep(SweepId sweep) {
    return root.resolve(SWEEPS_PREFIX + sweep + "/");
  }

  public StorageUri sweepRecord(SweepId sweep) {
    return sweep(sweep).resolve(SWEEP_RECORD);
  }

  /** The user's price table file as given to {@code sweep --prices} (absent: the shipped table). */
  public StorageUri prices(SweepId sweep) {
    return sweep(sweep).resolve(PRICES);
  }

  public StorageUri trialsFile(SweepId sweep) {
    return sweep(sweep).resolve(TRIALS_FILE);
  }

  public StorageUri trial(SweepId sweep, TrialId trial) {
    return sweep(sweep).resolve("trials/" + trial + "/");
  }

  public StorageUri manifest(SweepId sweep, TrialId trial) {
    return trial(sweep, trial).resolve(MANIFEST);
  }

  /** Intermediate per-epoch metrics, readable before the trial finishes (for status and early stopping). */
  public StorageUri epochMetrics(SweepId sweep, TrialId trial, int epoch) {
    return trial(sweep, trial).resolve(String.format("metrics/epoch-%04d.json", epoch));
  }

  public StorageUri epochMetricsPrefix(SweepId sweep, TrialId trial) {
    return trial(sweep, trial).resolve("metrics/");
  }

  /** The record a failed attempt of a trial leaves ({@code attempt} counts from 1). */
  public StorageUri trialFailure(SweepId sweep, TrialId trial, int attempt) {
    return trial(sweep, trial).resolve(FAILURES_DIR + String.format("attempt-%03d.json", attempt));
  }

  public StorageUri trialFailures(SweepId sweep, TrialId trial) {
    return trial(sweep, trial).resolve(FAILURES_DIR);
  }

  /** The record a failed attempt of the sweep's dataset staging job leaves. */
  public StorageUri stageFailure(SweepId sweep, int attempt) {
    return sweep(sweep).resolve(STAGE_DIR + FAILURES_DIR + String.format("attempt-%03d.json", attempt));
  }

  public StorageUri stageFailures(SweepId sweep) {
    return sweep(sweep).resolve(STAGE_DIR + FAILURES_DIR);
  }

  /**
   * The objective values trials recorded at {@code epoch} for early stopping ({@code <trial>.json}
   * each, one writer per key): what a trial's pruner reads at that epoch.
   */
  public StorageUri pruningRecords(SweepId sweep, int epoch) {
    return sweep(sweep).resolve(String.format("pruning/epoch-%04d/", epoch));
  }

  public StorageUri pruningRecord(SweepId sweep, int epoch, TrialId trial) {
    return pruningRecords(sweep, epoch).resolve(trial.value() + ".json");
  }

  /**
   * The driver's journal of a driven sweep (docs/invoke-jobs.md): one object per step,
   * {@code <seq>.json} with an eight-digit sequence number, each created only if absent, so two
   * drivers cannot both write step {@code seq}.
   */
  public StorageUri journal(SweepId sweep) {
    return sweep(sweep).resolve(JOURNAL_DIR);
  }

  public StorageUri journalEntry(SweepId sweep, long seq) {
    return journal(sweep).resolve(String.format("%08d.json", seq));
  }

  /** S3 mirror of a trial's run directory; this prefix is lifecycle-expired. */
  public StorageUri checkpoints(SweepId sweep, TrialId trial) {
    return root.resolve(CHECKPOINTS_PREFIX + sweep + "/" + trial + "/");
  }
}
