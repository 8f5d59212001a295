package dev.handoff.ui.chart;

import dev.handoff.metrics.Downsampled;
import dev.handoff.metrics.EmaSmoother;
import dev.handoff.metrics.MinMaxDownsampler;
import dev.handoff.metrics.SeriesAlignment;
import dev.handoff.metrics.XMode;
import dev.handoff.ui.model.RunColumn;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.time.Instant;
import java.util.List;

/**
 * Builds one JFreeChart per metric key with every run overlaid: aligned to the x mode, downsampled min/max per pixel
 * column (no spike lost), optionally EMA-smoothed (bold) over the faint raw line. Plain Java2D: usable from the UI,
 * the CLI and tests without a display.
 */
public final class MetricChartBuilder {
    private MetricChartBuilder() {
    }

    public static MetricChart build(String metricKey, List<RunSeries> runs, ChartOptions options) {
        DefaultXYDataset raw = new DefaultXYDataset();
        DefaultXYDataset smooth = new DefaultXYDataset();
        int shown = 0;
        int total = 0;
        for (RunSeries rs : runs) {
            SeriesAlignment.XY xy = SeriesAlignment.align(rs.series(), options.xMode(),
                    rs.runStartMillis() > 0 ? Math.min(rs.runStartMillis(), minTimestamp(rs)) : minTimestamp(rs));
            Downsampled d = MinMaxDownsampler.downsample(xy.x(), xy.y(), options.pixelWidth());
            total += d.originalCount();
            shown += d.size();
            raw.addSeries(rs.runLabel(), new double[][]{d.x(), d.y()});
            if (options.smoothing() > 0) {
                // smooth the full-resolution series, then reduce: smoothing the reduced one would distort it
                double[] s = EmaSmoother.smooth(xy.y(), options.smoothing());
                Downsampled ds = MinMaxDownsampler.downsample(xy.x(), s, options.pixelWidth());
                smooth.addSeries(rs.runLabel(), new double[][]{ds.x(), ds.y()});
            }
        }
        ValueAxis xAxis = options.xMode() == XMode.WALL_TIME ? new DateAxis(options.xMode().label())
                : new NumberAxis(options.xMode().label());
        if (xAxis instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
        }
        ValueAxis yAxis;
        if (options.logY()) {
            LogAxis log = new LogAxis(metricKey + " (log)");
            log.setSmallestValue(1e-12);
            yAxis = log;
        } else {
            NumberAxis lin = new NumberAxis(metricKey);
            lin.setAutoRangeIncludesZero(false);
            yAxis = lin;
        }
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        plot.setDomainPannable(true);
        plot.setRangePannable(true);
        XYToolTipGenerator tips = (dataset, series, item) -> tooltip(dataset, series, item, options.xMode());
        boolean smoothed = options.smoothing() > 0;
        plot.setDataset(0, smoothed ? smooth : raw);
        XYLineAndShapeRenderer main = renderer(runs.size(), smoothed ? 2.2f : 1.4f, false, tips);
        XYDataset shownData = smoothed ? smooth : raw;
        for (int i = 0; i < shownData.getSeriesCount(); i++) {
            // a run that logged the metric once (e.g. a final value at step 0) has no line: draw it as a marker
            main.setSeriesShapesVisible(i, shownData.getItemCount(i) == 1);
        }
        plot.setRenderer(0, main);
        if (smoothed) {
            plot.setDataset(1, raw);
            XYLineAndShapeRenderer faint = renderer(runs.size(), 1f, true, tips);
            faint.setDefaultSeriesVisibleInLegend(false);
            plot.setRenderer(1, faint);
        }
        Color bg = options.dark() ? new Color(0x2B2B2B) : Color.WHITE;
        Color fg = options.dark() ? new Color(0xDDDDDD) : Color.DARK_GRAY;
        plot.setBackgroundPaint(bg);
        plot.setDomainGridlinePaint(options.dark() ? new Color(0x555555) : new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(options.dark() ? new Color(0x555555) : new Color(0xDDDDDD));
        for (ValueAxis a : new ValueAxis[]{xAxis, yAxis}) {
            a.setLabelPaint(fg);
            a.setTickLabelPaint(fg);
        }
        JFreeChart chart = new JFreeChart(metricKey, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(14f), plot, true);
        chart.setBackgroundPaint(bg);
        chart.getTitle().setPaint(fg);
        chart.getLegend().setBackgroundPaint(bg);
        chart.getLegend().setItemPaint(fg);
        return new MetricChart(chart, shown, total);
    }

    private static long minTimestamp(RunSeries rs) {
        long min = Long.MAX_VALUE;
        for (long t : rs.series().timestamps()) {
            min = Math.min(min, t);
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    private static XYLineAndShapeRenderer renderer(int runCount, float width, boolean faint, XYToolTipGenerator tips) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(false);
        for (int i = 0; i < runCount; i++) {
            Color c = Palette.color(i);
            r.setSeriesPaint(i, faint ? Palette.faint(c) : c);
            r.setSeriesStroke(i, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        r.setDefaultToolTipGenerator(tips);
        return r;
    }

    private static String tooltip(XYDataset dataset, int series, int item, XMode mode) {
        double x = dataset.getXValue(series, item);
        String xText = switch (mode) {
            case STEP -> "step " + (long) x;
            case WALL_TIME -> Instant.ofEpochMilli((long) x).toString();
            case RELATIVE_TIME -> RunColumn.formatNumber(x) + " s";
        };
        return dataset.getSeriesKey(series) + " — " + xText + ": " + RunColumn.formatNumber(dataset.getYValue(series, item));
    }
}
