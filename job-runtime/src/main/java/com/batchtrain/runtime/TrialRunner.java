package com.batchtrain.runtime;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.reports.TrialEvaluation;
import com.batchtrain.reports.tensorboard.TensorBoardLog;
import com.batchtrain.runtime.checkpoint.Checkpoint;
import com.batchtrain.runtime.checkpoint.CheckpointMirror;
import com.batchtrain.runtime.checkpoint.CheckpointRetention;
import com.batchtrain.runtime.checkpoint.CheckpointStore;
import com.batchtrain.datasets.ClassLabels;
import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.runtime.data.DatasetLoader;
import com.batchtrain.runtime.data.DatasetSplit;
import com.batchtrain.contract.ModelSpec.Task;
import com.batchtrain.runtime.eval.ClassificationReport;
import com.batchtrain.runtime.eval.RegressionReport;
import com.batchtrain.runtime.model.ComputeDevice;
import com.batchtrain.runtime.model.EpochListener;
import com.batchtrain.runtime.model.EpochRecord;
import com.batchtrain.runtime.model.MlpModel;
import com.batchtrain.runtime.model.StopSignal;
import com.batchtrain.runtime.model.TrainingLoop;
import com.batchtrain.runtime.eval.HeldOutMetrics;
import com.batchtrain.runtime.publish.LiveTensorBoard;
import com.batchtrain.runtime.publish.ReportInputs;
import com.batchtrain.runtime.publish.TrialOutputs;
import com.batchtrain.runtime.publish.TrialVisuals;
import com.batchtrain.runtime.pruning.PruningGate;
import com.batchtrain.runtime.staging.DatasetCache;
import com.batchtrain.runtime.staging.TrainingData;
import com.batchtrain.runtime.spec.TrialSpec;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.TrialPublisher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.TensorFlow;

/** Runs one validated trial: stage, load, split, train with checkpoints, select, evaluate, publish. */
public final class TrialRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

  private final ObjectStore results;
  private final ObjectStore data;
  private final StopSignal stop;

  public TrialRunner(ObjectStore results, ObjectStore data, StopSignal stop) {
    this.results = results;
    this.data = data;
    this.stop = stop;
  }

  public Manifest run(TrialSpec spec) {
    Dataset all;
    try (TrainingData local = new DatasetCache(data, spec.cacheDir()).forTraining(spec.dataUri())) {
      all = new DatasetLoader(spec.preset().model()).load(local.path());
    }
    LOG.info("columns: {} feature(s) {}{}, target {}{}", all.width(), all.columns().features(),
        spec.preset().model().featuresFromData() ? " (every column but the target" + (spec.preset().model().ignoredColumns().isEmpty()
            ? "" : " and the ignored " + spec.preset().model().ignoredColumns()) + ")" : "",
        all.columns().target(), all.classes() == null ? "" : ", classes " + all.classNames() + " (labels: "
            + all.classes().kind().json() + ")");
    DatasetSplit split = DatasetSplit.of(all, spec.hyperparameters().seed());
    Dataset train = all.select(split.train());
    Dataset validation = all.select(split.validation());
    Dataset test = all.select(split.test());
    String device = ComputeDevice.detect();
    LOG.info("trial {}/{}: preset {}, {} rows ({} train / {} val / {} test), TensorFlow {} on {}", spec.sweepId(), spec.trialId(),
        spec.preset().name(), all.rows(), train.rows(), validation.rows(), test.rows(), TensorFlow.version(), device);

    TrialPublisher publisher = new TrialPublisher(results, spec.layout());
    CheckpointRetention retention = new CheckpointRetention(spec.objective(), spec.checkpointPolicy().keepTopK());
    HeldOutMetrics metrics = new HeldOutMetrics(all.classNames());
    StorageUri mirrorPrefix = spec.layout().checkpoints(spec.sweepId(), spec.trialId());
    String host = TensorBoardLog.localHost();
    try (MlpModel model = MlpModel.create(all.width(), spec.preset().task(), all.columns().classes(), spec.hyperparameters());
        LiveTensorBoard tensorBoard = new LiveTensorBoard(spec.runDir().resolve(TrialVisuals.TENSORBOARD), results,
            spec.layout().trial(spec.sweepId(), spec.trialId()).resolve(TrialVisuals.TENSORBOARD + "/"), host)) {
      EpochListener epochMetrics = (record, elapsed) -> {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("epoch", record.epoch());
        doc.put("metrics", finite(record.metrics()));
        doc.put("elapsedSeconds", elapsed);
        doc.put("samplesPerSecond", record.samplesPerSecond());
        publisher.writeEpochMetrics(spec.sweepId(), spec.trialId(), record.epoch(), doc);
      };
      TrainingLoop loop = new TrainingLoop(identity(spec, all), model, spec.hyperparameters(), train, validation, metrics,
          new CheckpointStore(spec.runDir()), Optional.of(new CheckpointMirror(results, mirrorPrefix)), spec.checkpointPolicy(),
          retention, stop, EpochListener.both(epochMetrics, tensorBoard), PruningGate.of(results, spec.layout(), spec.sweepId(),
          spec.trialId(), spec.earlyStopping(), spec.objective()));
      Checkpoint selected = loop.run();

      float[] testOut = model.predict(test);
      Map<String, Object> metricsDoc = new LinkedHashMap<>();
      Map<String, Double> scalars = new LinkedHashMap<>(selected.state().validation());
      TrialEvaluation evaluation;
      if (spec.preset().task() == Task.CLASSIFICATION) {
        ClassificationReport report = ClassificationReport.of(test.labels(), testOut, all.classNames());
        metricsDoc.put("test", report);
        evaluation = ReportInputs.classifier(test.labels(), testOut, report);
        scalars.putAll(report.scalars("test_"));
        scalars.put("test_macro_roc_auc", report.macroRocAuc());
        scalars.put("test_majority_baseline_accuracy", report.majorityBaselineAccuracy());
        LOG.info("test: accuracy {} (majority baseline {}), balanced accuracy {}, macro F1 {}, macro ROC AUC {}",
            f(report.accuracy()), f(report.majorityBaselineAccuracy()), f(report.balancedAccuracy()), f(report.macroF1()),
            f(report.macroRocAuc()));
      } else {
        RegressionReport report = RegressionReport.of(test.targets(), testOut, model.standardizer().targetScale());
        metricsDoc.put("test", report);
        evaluation = ReportInputs.regressor(test.targets(), testOut);
        scalars.putAll(report.scalars("test_"));
        scalars.put("test_mean_baseline_rmse", report.meanBaselineRmse());
        LOG.info("test: RMSE {} (mean baseline {}), MAE {}, R2 {}", f(report.rmse()), f(report.meanBaselineRmse()),
            f(report.mae()), f(report.r2()));
      }
      scalars.put("selected_epoch", (double) selected.state().epoch());
      metricsDoc.put("validation", selected.state().validation());
      metricsDoc.put("objective", spec.objective());
      metricsDoc.put("selectedEpoch", selected.state().epoch());

      Map<String, Object> runInfo = new LinkedHashMap<>();
      runInfo.put("device", device);
      runInfo.put("tensorflowVersion", TensorFlow.version());
      runInfo.put("rows", Map.of("total", all.rows(), "train", train.rows(), "validation", validation.rows(), "test", test.rows()));
      runInfo.put("selectedCheckpoint", Map.of("step", selected.step(), "epoch", selected.state().epoch()));
      runInfo.put("trainingSeconds", selected.state().elapsedSeconds());

      TrialOutputs outputs = new TrialOutputs(spec.runDir().resolve("publish"));
      List<EpochRecord> history = latestHistory(spec);
      outputs.write(spec, runInfo, history, metricsDoc, model, test, split.test(), testOut, selected);
      TrialVisuals.write(outputs.dir(), ReportInputs.history(history, selected.state().epoch()), evaluation,
          tensorBoard.logStart(), host);
      Manifest manifest = publisher.publish(spec.sweepId(), spec.trialId(), outputs.dir(), spec.hyperparameters().toMap(), finite(scalars),
          all.classes() == null ? null : all.classNames(), loop.pruned().orElse(null));
      // The published copy is authoritative; the staging copy would only fill the run volume (EFS).
      outputs.delete();
      return manifest;
    }
  }

  /**
   * A resumable checkpoint must come from the same preset, columns (as resolved from the data),
   * dataset and hyperparameters, and, with string labels, the same classes in the same order. The
   * string is what it was before string labels for every integer-labelled model, so their
   * checkpoints still resume.
   */
  static String identity(TrialSpec spec, Dataset data) {
    String identity = "preset=" + spec.preset().name() + ";columns=" + data.columns() + ";data=" + spec.dataUri()
        + ";hyperparameters=" + new java.util.TreeMap<>(spec.hyperparameters().toMap());
    return data.classes() != null && data.classes().kind() == ClassLabels.Kind.NAMED
        ? identity + ";classes=" + data.classNames() : identity;
  }

  /** The full history is in the newest checkpoint (the selected one may be older). */
  private static List<EpochRecord> latestHistory(TrialSpec spec) {
    return new CheckpointStore(spec.runDir()).latest().map(c -> c.state().history()).orElse(List.of());
  }

  /** JSON has no NaN: undefined metrics (e.g. AUC of an absent class) are left out. */
  private static Map<String, Double> finite(Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static String f(double v) {
    return String.format("%.4f", v);
  }
}
