package com.batchtrain.reports.plots;

import com.batchtrain.reports.RegressorEvaluation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.Histogram;

/** The distribution of residuals (predicted - actual); a good regressor centres it on zero. */
final class ResidualHistogramChart {
  private static final int MAX_BINS = 30;

  private ResidualHistogramChart() {}

  static CategoryChart of(RegressorEvaluation evaluation) {
    double[] residuals = evaluation.residuals();
    double mean = Arrays.stream(residuals).average().orElse(0);
    double sd = Math.sqrt(Arrays.stream(residuals).map(r -> (r - mean) * (r - mean)).average().orElse(0));
    // Square-root rule, capped so bar labels stay readable.
    int bins = Math.max(1, Math.min(MAX_BINS, (int) Math.ceil(Math.sqrt(residuals.length))));
    double min = Arrays.stream(residuals).min().orElseThrow();
    double max = Arrays.stream(residuals).max().orElseThrow();
    if (max == min) {
      min -= 0.5;
      max += 0.5;
    }
    Histogram histogram = new Histogram(Arrays.stream(residuals).boxed().toList(), bins, min, max);
    CategoryChart chart = new CategoryChartBuilder().width(PlotStyle.WIDTH).height(PlotStyle.HEIGHT)
        .title(String.format(Locale.ROOT, "Residuals (predicted - actual): mean %.4g, sd %.4g", mean, sd))
        .xAxisTitle("residual (bin centre)").yAxisTitle("samples").build();
    PlotStyle.apply(chart.getStyler());
    chart.getStyler().setAvailableSpaceFill(0.96);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setXAxisDecimalPattern("0.###");
    List<Double> centres = histogram.getxAxisData();
    CategorySeries series = chart.addSeries("residuals (n = " + residuals.length + ")", centres, histogram.getyAxisData());
    series.setFillColor(PlotStyle.TRAIN);
    return chart;
  }
}
