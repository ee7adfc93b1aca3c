package com.batchtrain.reports.plots;

import com.batchtrain.reports.ClassifierEvaluation;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/** The confusion matrix as a heat map: actual class down the side, predicted class along the bottom. */
final class ConfusionMatrixChart {
  // Light to medium blue only: the cell values are drawn in black and must stay readable on the darkest cell.
  private static final Color[] BLUES = {new Color(247, 251, 255), new Color(158, 202, 225), new Color(49, 130, 189)};

  private ConfusionMatrixChart() {}

  static HeatMapChart counts(ClassifierEvaluation evaluation) {
    long[][] counts = evaluation.confusion();
    int n = counts.length;
    double[][] values = new double[n][n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        values[i][j] = counts[i][j];
        max = Math.max(max, counts[i][j]);
      }
    }
    return chart(evaluation.classNames(), values, "Confusion matrix (counts)", "0", Math.max(max, 1));
  }

  static HeatMapChart normalised(ClassifierEvaluation evaluation) {
    return chart(evaluation.classNames(), evaluation.normalised(), "Confusion matrix (row-normalised: recall per class)",
        "0.00", 1.0);
  }

  private static HeatMapChart chart(List<String> classes, double[][] values, String title, String pattern, double max) {
    int n = classes.size();
    // Cells stay legible as the class count grows: the image grows instead of the cells shrinking.
    int side = Math.max(PlotStyle.HEIGHT, 160 + 60 * n);
    HeatMapChart chart = new HeatMapChartBuilder().width(side + 160).height(side).title(title)
        .xAxisTitle("predicted class").yAxisTitle("actual class").build();
    HeatMapStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setShowValue(true);
    styler.setHeatMapValueDecimalPattern(pattern);
    styler.setValueFontColor(Color.BLACK);
    styler.setRangeColors(BLUES);
    styler.setMin(0);
    styler.setMax(max);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setXAxisLabelRotation(n > 6 ? 45 : 0);
    // XChart drops tick labels closer than the hint (74 px by default); every class must be named.
    styler.setXAxisTickMarkSpacingHint(20);
    styler.setYAxisTickMarkSpacingHint(20);
    // The heat map's y axis grows upwards; listing actual classes in reverse puts the first class at
    // the top, so the diagonal runs top-left to bottom-right as in every confusion-matrix figure.
    List<String> rows = new ArrayList<>(classes);
    java.util.Collections.reverse(rows);
    List<Number[]> cells = new ArrayList<>();
    for (int actual = 0; actual < n; actual++) {
      for (int predicted = 0; predicted < n; predicted++) {
        cells.add(new Number[] {predicted, n - 1 - actual, values[actual][predicted]});
      }
    }
    chart.addSeries("confusion", classes, rows, cells);
    return chart;
  }
}
