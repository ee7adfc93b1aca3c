package com.batchtrain.reports.plots;

import com.batchtrain.reports.RegressorEvaluation;
import java.util.Arrays;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Predicted against actual values, one dot per sample, with the perfect-prediction line y = x. */
final class PredictedVsActualChart {
  private PredictedVsActualChart() {}

  static XYChart of(RegressorEvaluation evaluation) {
    double[] actual = evaluation.actual();
    double[] predicted = evaluation.predicted();
    XYChart chart = new XYChartBuilder().width(PlotStyle.WIDTH).height(PlotStyle.WIDTH - 100)
        .title("Predicted vs actual").xAxisTitle("actual").yAxisTitle("predicted").build();
    PlotStyle.apply(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setMarkerSize(5);
    XYSeries samples = chart.addSeries("samples (n = " + actual.length + ")", actual, predicted);
    samples.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    samples.setMarker(SeriesMarkers.CIRCLE);
    samples.setMarkerColor(new java.awt.Color(31, 119, 180, 140));
    double low = Math.min(Arrays.stream(actual).min().orElseThrow(), Arrays.stream(predicted).min().orElseThrow());
    double high = Math.max(Arrays.stream(actual).max().orElseThrow(), Arrays.stream(predicted).max().orElseThrow());
    XYSeries identity = chart.addSeries("y = x", new double[] {low, high}, new double[] {low, high});
    identity.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    identity.setMarker(SeriesMarkers.NONE);
    identity.setLineColor(PlotStyle.SELECTED);
    identity.setLineStyle(PlotStyle.DASHED);
    return chart;
  }
}
