package dev.handoff.ui.explain;

import dev.handoff.explain.FeatureImportance;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.IntervalBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultIntervalCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.util.Locale;

/** The explain panel's charts: global importance bars, a row's waterfall and the beeswarm summary. */
public final class ExplainCharts {
    /** Increases the output (SHAP's red). */
    static final Color POSITIVE = new Color(0xD6, 0x27, 0x28);
    /** Decreases the output (SHAP's blue). */
    static final Color NEGATIVE = new Color(0x1F, 0x77, 0xB4);
    static final Color ENDPOINT = new Color(0x7F, 0x7F, 0x7F);
    private static final Color IMPORTANCE = new Color(0x2C, 0x7F, 0xB8);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ExplainCharts() {
    }

    /** Horizontal bars, most important on top, with ± std error bars when the ranking has a spread. */
    public static JFreeChart importance(FeatureImportance fi, int maxFeatures) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (FeatureImportance.Entry e : fi.top(maxFeatures)) {
            data.add(e.value(), Double.isNaN(e.std()) ? 0 : e.std(), fi.kind(), e.feature());
        }
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setSeriesPaint(0, IMPORTANCE);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setErrorIndicatorPaint(Color.DARK_GRAY);
        renderer.setDrawBarOutline(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset dataset, int row, int column) {
                double std = data.getStdDevValue(row, column).doubleValue();
                double mean = data.getMeanValue(row, column).doubleValue();
                return std > 0 ? String.format(Locale.ROOT, "%.3g ± %.2g", mean, std)
                        : String.format(Locale.ROOT, "%.3g", mean);
            }
        });
        labelsAbove(renderer);
        // start at the bar's middle and run right: a label of a bar near the left edge is never clipped
        ItemLabelPosition rightOfCenter = new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_LEFT);
        renderer.setDefaultPositiveItemLabelPosition(rightOfCenter);
        renderer.setDefaultNegativeItemLabelPosition(rightOfCenter);
        renderer.setMaximumBarWidth(0.12);
        NumberAxis value = new NumberAxis(fi.kind());
        value.setUpperMargin(0.15);
        return chart("Global importance — " + fi.kind(), categoryPlot(data, value, renderer));
    }

    /** Base value, one bar per step (red up, blue down), model output; each step labelled with its φ. */
    public static JFreeChart waterfall(Waterfall w, String title) {
        int n = w.steps().size() + 2;
        String[] categories = new String[n];
        Number[][] starts = new Number[1][n];
        Number[][] ends = new Number[1][n];
        double[] phi = new double[n];
        categories[0] = "base value";
        starts[0][0] = 0;
        ends[0][0] = w.base();
        phi[0] = w.base();
        for (int i = 0; i < w.steps().size(); i++) {
            Waterfall.Step s = w.steps().get(i);
            categories[i + 1] = s.label();
            starts[0][i + 1] = s.start();
            ends[0][i + 1] = s.end();
            phi[i + 1] = s.attribution();
        }
        categories[n - 1] = "model output";
        starts[0][n - 1] = 0;
        ends[0][n - 1] = w.output();
        phi[n - 1] = w.output();
        DefaultIntervalCategoryDataset data = new DefaultIntervalCategoryDataset(new String[]{"φ"}, categories, starts, ends);
        IntervalBarRenderer renderer = new IntervalBarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                if (column == 0 || column == n - 1) {
                    return ENDPOINT;
                }
                return phi[column] >= 0 ? POSITIVE : NEGATIVE;
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setMaximumBarWidth(0.08);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset dataset, int row, int column) {
                double v = phi[column];
                String text = Waterfall.number(v);
                return column == 0 || column == n - 1 || v < 0 ? text : "+" + text;
            }
        });
        labelsAbove(renderer);
        NumberAxis value = new NumberAxis("output");
        value.setAutoRangeIncludesZero(true);
        value.setLowerMargin(0.08);
        value.setUpperMargin(0.12);
        JFreeChart chart = chart(title, categoryPlot(data, value, renderer));
        TextTitle sub = new TextTitle(w.summary(), TICKS);
        chart.addSubtitle(sub);
        return chart;
    }

    /** Dots per feature lane at x = attribution, coloured blue (low value) to red (high value). */
    public static JFreeChart summary(SummaryPlot plotData, String xLabel) {
        int count = plotData.points().size();
        double[][] xyz = new double[3][count];
        for (int i = 0; i < count; i++) {
            SummaryPlot.Dot d = plotData.points().get(i);
            xyz[0][i] = d.attribution();
            xyz[1][i] = d.y();
            xyz[2][i] = d.valueScaled();
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("rows", xyz);
        XYShapeRenderer renderer = new XYShapeRenderer();
        renderer.setPaintScale(new LowHighScale());
        renderer.setDefaultShape(new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setDrawOutlines(false);
        SymbolAxis lanes = new SymbolAxis(null, plotData.features().toArray(String[]::new));
        lanes.setGridBandsVisible(true);
        lanes.setGridBandPaint(new Color(0xF3, 0xF3, 0xF3));
        lanes.setTickLabelFont(TICKS);
        lanes.setLowerMargin(0.02);
        lanes.setUpperMargin(0.02);
        NumberAxis x = new NumberAxis(xLabel);
        x.setTickLabelFont(TICKS);
        XYPlot plot = new XYPlot(data, x, lanes, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainZeroBaselineVisible(true);
        plot.setDomainZeroBaselineStroke(new BasicStroke(1f));
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        JFreeChart chart = chart("Summary over " + countRows(plotData) + " rows", plot);
        SymbolAxis scaleAxis = new SymbolAxis("feature value", new String[]{"low", "high"});
        scaleAxis.setGridBandsVisible(false);
        scaleAxis.setTickLabelFont(TICKS);
        scaleAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(new LowHighScale(), scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(10);
        legend.setMargin(new RectangleInsets(8, 4, 8, 4));
        legend.setAxisOffset(2);
        chart.addSubtitle(legend);
        return chart;
    }

    /** Item labels above each bar, for negative values too (below would collide with the next bar's label). */
    private static void labelsAbove(org.jfree.chart.renderer.category.AbstractCategoryItemRenderer renderer) {
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(TICKS);
        renderer.setDefaultNegativeItemLabelPosition(renderer.getDefaultPositiveItemLabelPosition());
    }

    private static int countRows(SummaryPlot p) {
        return p.features().isEmpty() ? 0 : (int) p.points().stream().filter(d -> d.lane() == 0).count();
    }

    private static CategoryPlot categoryPlot(CategoryDataset data, NumberAxis value,
                                             org.jfree.chart.renderer.category.CategoryItemRenderer renderer) {
        CategoryAxis categories = new CategoryAxis();
        categories.setTickLabelFont(TICKS);
        categories.setMaximumCategoryLabelWidthRatio(0.45f);
        categories.setCategoryMargin(0.15);
        value.setTickLabelFont(TICKS);
        CategoryPlot plot = new CategoryPlot(data, categories, value, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeZeroBaselineVisible(true);
        return plot;
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        return chart;
    }

    /** Blue for the lowest value of a feature, red for the highest, grey for a missing value. */
    static final class LowHighScale implements PaintScale {
        /** Bright ends so that the mix in between stays a distinguishable purple. */
        private static final Color LOW = new Color(0x00, 0x8B, 0xFB);
        private static final Color HIGH = new Color(0xFF, 0x00, 0x52);

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return new Color(0xAA, 0xAA, 0xAA);
            }
            double t = Math.max(0, Math.min(1, value));
            return new Color(mix(LOW.getRed(), HIGH.getRed(), t), mix(LOW.getGreen(), HIGH.getGreen(), t),
                    mix(LOW.getBlue(), HIGH.getBlue(), t), 210);
        }

        private static int mix(int a, int b, double t) {
            return (int) Math.round(a + (b - a) * t);
        }
    }
}
