package dev.handoff.report;

import dev.handoff.metrics.Downsampled;
import dev.handoff.metrics.MinMaxDownsampler;
import dev.handoff.runs.MetricSeries;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;

/**
 * One metric's line chart for the report: every run overlaid (steps on x), in the run's report colour, its full
 * history reduced min/max per pixel column ({@link MinMaxDownsampler}: no spike lost, nothing truncated), drawn by
 * JFreeChart into inline SVG (JFreeSVG). The look follows the workbench's charts (ui.chart.MetricChartBuilder).
 */
final class ReportChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 420;
    /** Pixel columns of the plot area, about: the chart minus axis and margins. */
    private static final int PLOT_COLUMNS = WIDTH - 100;
    /** The workbench's run colours (ui.chart.Palette: Tableau 10, then darker / brighter variants). */
    private static final int[] RGB = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1,
            0xFF9DA7, 0x9C755F, 0xBAB0AC};

    private ReportChart() {
    }

    /** The colour of the run at {@code index} of the report's runs, the same in every chart and the runs table. */
    static Color color(int index) {
        Color base = new Color(RGB[Math.floorMod(index, RGB.length)]);
        int round = Math.floorMod(index, 3 * RGB.length) / RGB.length;
        return switch (round) {
            case 1 -> base.darker();
            case 2 -> base.brighter();
            default -> base;
        };
    }

    /** {@code #rrggbb} of {@link #color(int)}. */
    static String hex(int index) {
        return String.format(java.util.Locale.ROOT, "#%06x", color(index).getRGB() & 0xFFFFFF);
    }

    /**
     * The chart of {@code key} as an {@code <svg>} element.
     *
         * @param colors   run id → colour index
     * @param idPrefix unique per chart in the page: the SVG's clip paths are referenced by id
     */
    static String svg(String key, List<MetricSeries> histories, Map<String, Integer> colors, String idPrefix) {
        JFreeChart chart = chart(key, histories, colors);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(idPrefix + "-");
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement(idPrefix, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }

    static JFreeChart chart(String key, List<MetricSeries> histories, Map<String, Integer> colors) {
        DefaultXYDataset data = new DefaultXYDataset();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true); // one <path> per run, not one <line> per point
        // runs that logged the metric once (a final test score) have no line: a marker shows each. Equal scores
        // would hide each other, so the markers nest: the first run's smallest (drawn last, on top), each next larger
        int singles = 0;
        int i = 0;
        for (MetricSeries s : histories) {
            Downsampled d = downsample(s);
            data.addSeries(i, new double[][]{d.x(), d.y()}); // keys unique even when run names are not
            Color c = color(colors.get(s.runId()));
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            renderer.setSeriesShapesVisible(i, s.size() == 1);
            renderer.setSeriesShape(i, ShapeUtils.createDiamond(s.size() == 1 ? 3.5f + 2f * singles++ : 4f));
            i++;
        }
        NumberAxis x = new NumberAxis("step");
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis(key);
        y.setAutoRangeIncludesZero(false);
        double only = constant(histories);
        if (!Double.isNaN(only)) {
            // one value only (a final score): a readable band around it, not ticks 1e-8 apart
            y.setAutoRangeMinimumSize(Math.max(Math.abs(only) * 0.02, 1e-6));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.REVERSE); // the first run drawn last: its marker on top
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        for (NumberAxis a : new NumberAxis[]{x, y}) {
            a.setLabelPaint(Color.DARK_GRAY);
            a.setTickLabelPaint(Color.DARK_GRAY);
        }
        // the legend is HTML below the chart (ReportHtml): run names never go through the SVG, and it wraps
        JFreeChart chart = new JFreeChart(key, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(14f), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setPaint(Color.DARK_GRAY);
        return chart;
    }

    /** The one finite value every point of every history has, or NaN when they differ (or there is none). */
    private static double constant(List<MetricSeries> histories) {
        double seen = Double.NaN;
        for (MetricSeries s : histories) {
            for (double v : s.values()) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (Double.isNaN(seen)) {
                    seen = v;
                } else if (v != seen) {
                    return Double.NaN;
                }
            }
        }
        return seen;
    }

    /** The full history reduced to at most a few points per plot column; never truncated. */
    static Downsampled downsample(MetricSeries s) {
        double[] x = new double[s.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = s.steps()[k];
        }
        return MinMaxDownsampler.downsample(x, s.values(), PLOT_COLUMNS);
    }
}
