package com.batchtrain.reports.plots;

import com.batchtrain.reports.ClassifierEvaluation;
import com.batchtrain.reports.RocCurve;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One-vs-rest ROC curves, one per class, with each AUC in the legend and the chance diagonal. */
final class RocChart {
  private RocChart() {}

  static XYChart of(ClassifierEvaluation evaluation) {
    XYChart chart = new XYChartBuilder().width(PlotStyle.WIDTH).height(PlotStyle.WIDTH - 100)
        .title("ROC curves (one-vs-rest)").xAxisTitle("false positive rate").yAxisTitle("true positive rate").build();
    PlotStyle.apply(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
    List<RocCurve> curves = evaluation.rocCurves();
    for (int i = 0; i < curves.size(); i++) {
      RocCurve curve = curves.get(i);
      XYSeries series = chart.addSeries(
          String.format(Locale.ROOT, "%s (AUC = %.3f)", curve.className(), curve.auc()),
          curve.falsePositiveRate(), curve.truePositiveRate());
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(PlotStyle.categorical(i));
    }
    XYSeries chance = chart.addSeries("chance (AUC = 0.500)", new double[] {0, 1}, new double[] {0, 1});
    chance.setMarker(SeriesMarkers.NONE);
    chance.setLineColor(PlotStyle.REFERENCE);
    chance.setLineStyle(PlotStyle.DASHED);
    return chart;
  }
}
