package com.batchtrain.runtime.eval;

import com.batchtrain.runtime.data.Dataset;
import com.batchtrain.contract.ModelSpec.Task;
import com.batchtrain.runtime.model.MlpModel;
import java.util.List;
import java.util.Map;

/** Scalar metrics of a model on a dataset, named with a prefix ({@code val_}, {@code test_}). */
public final class HeldOutMetrics {
  private final List<String> classNames;

  public HeldOutMetrics(List<String> classNames) {
    this.classNames = List.copyOf(classNames);
  }

  public Map<String, Double> scalars(MlpModel model, Dataset data, String prefix) {
    float[] out = model.predict(data);
    if (model.task() == Task.CLASSIFICATION) {
      return ClassificationReport.of(data.labels(), out, classNames).scalars(prefix);
    }
    return RegressionReport.of(data.targets(), out, model.standardizer().targetScale()).scalars(prefix);
  }
}
