package com.batchtrain.reports.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The look shared by every trial plot, so a trial's PNGs read as one set. */
final class PlotStyle {
  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  static final Color TRAIN = new Color(31, 119, 180);
  static final Color VALIDATION = new Color(255, 127, 14);
  static final Color SELECTED = new Color(214, 39, 40);
  static final Color REFERENCE = new Color(120, 120, 120);
  static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {6f, 4f}, 0f);
  /** Tableau 10, for per-class series. */
  static final Color[] CATEGORICAL = {
      new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
      new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
      new Color(188, 189, 34), new Color(23, 190, 207)};

  private PlotStyle() {}

  static void apply(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(true);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setLegendBorderColor(new Color(200, 200, 200));
    styler.setAntiAlias(true);
  }

  static Color categorical(int index) {
    return CATEGORICAL[index % CATEGORICAL.length];
  }
}
