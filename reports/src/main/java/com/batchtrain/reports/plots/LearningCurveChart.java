package com.batchtrain.reports.plots;

import com.batchtrain.reports.MetricCurve;
import com.batchtrain.reports.TrainingHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One metric's train and validation values per epoch, with the selected checkpoint marked. */
final class LearningCurveChart {
  private LearningCurveChart() {}

  /** Empty when the metric has no finite value in any epoch (e.g. a loss that was NaN throughout). */
  static java.util.Optional<XYChart> of(TrainingHistory history, MetricCurve curve) {
    XYChart chart = new XYChartBuilder().width(PlotStyle.WIDTH).height(PlotStyle.HEIGHT)
        .title(curve.name() + " per epoch").xAxisTitle("epoch").yAxisTitle(curve.name()).build();
    PlotStyle.apply(chart.getStyler());
    chart.getStyler().setXAxisDecimalPattern("0");
    double[] epochs = history.epochNumbers();
    curve.trainMetric().ifPresent(m -> addSeries(chart, "train " + m, epochs, history.values(m), PlotStyle.TRAIN));
    curve.validationMetric().ifPresent(m ->
        addSeries(chart, "validation " + m, epochs, history.values(m), PlotStyle.VALIDATION));
    if (chart.getSeriesCollection().isEmpty()) {
      return java.util.Optional.empty();
    }
    history.selectedEpoch().ifPresent(selected -> markSelected(chart, history, curve, selected));
    return java.util.Optional.of(chart);
  }

  private static void addSeries(XYChart chart, String name, double[] epochs, double[] values, java.awt.Color color) {
    // Epochs where the metric was not logged are left out rather than drawn as gaps to zero.
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < epochs.length; i++) {
      if (Double.isFinite(values[i])) {
        xs.add(epochs[i]);
        ys.add(values[i]);
      }
    }
    if (xs.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(SeriesMarkers.CIRCLE);
  }

  private static void markSelected(XYChart chart, TrainingHistory history, MetricCurve curve, int selected) {
    Optional<String> metric = curve.validationMetric().or(curve::trainMetric);
    double value = history.epochs().stream().filter(e -> e.epoch() == selected).findFirst()
        .map(e -> e.value(metric.orElseThrow())).orElse(Double.NaN);
    if (Double.isFinite(value)) {
      XYSeries point = chart.addSeries("selected checkpoint (epoch " + selected + ")",
          new double[] {selected}, new double[] {value});
      point.setMarker(SeriesMarkers.DIAMOND);
      point.setMarkerColor(PlotStyle.SELECTED);
      point.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.NONE);
      point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    chart.getStyler().setAnnotationLineColor(PlotStyle.SELECTED);
    chart.getStyler().setAnnotationLineStroke(PlotStyle.DASHED);
    chart.addAnnotation(new AnnotationLine(selected, true, false));
  }
}
