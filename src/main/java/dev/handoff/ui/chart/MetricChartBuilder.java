package dev.handoff.ui.chart;

import dev.handoff.metrics.Band;
import dev.handoff.metrics.SeriesAlignment;
import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import dev.handoff.ui.model.RunColumn;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.time.Instant;
import java.util.List;

/**
 * Builds one JFreeChart per metric key with every run overlaid: aligned to the x mode, downsampled min/max per pixel
 * column (no spike lost), optionally EMA-smoothed (bold) over the faint raw line. Grouped ({@link ChartOptions#groupBy}),
 * each group is one mean/median line with its band ({@link GroupedSeries}); x may be another metric paired by step.
 * Plain Java2D: usable from the UI,
 * the CLI and tests without a display.
 */
public final class MetricChartBuilder {
    private MetricChartBuilder() {
    }

    public static MetricChart build(String metricKey, List<RunSeries> runs, ChartOptions options) {
        WindowedDataset raw = new WindowedDataset(options.pixelWidth());
        WindowedDataset smooth = new WindowedDataset(options.pixelWidth());
        BandDataset bands = options.grouped() && options.band() != Band.NONE
                ? new BandDataset(options.pixelWidth()) : null;
        int[] colors = options.grouped() ? GroupedSeries.add(runs, options, raw, smooth, bands)
                : addRuns(runs, options, raw, smooth);
        int shown = raw.shownPoints();
        int total = raw.totalPoints();
        String xLabel = options.xIsMetric() ? options.xMetric() : options.xMode().label();
        ValueAxis xAxis = options.xMode() == XMode.WALL_TIME ? new DateAxis(xLabel) : new NumberAxis(xLabel);
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
        // zoom and pan re-reduce the visible window from the full series: detail appears, no spike in view is lost
        // Registered after the plot's own listener, so it runs first (JFreeChart notifies the latest listener first):
        // the data is re-windowed silently and the range axis re-fitted before the plot's one redraw for this change.
        xAxis.addChangeListener(e -> {
            boolean changed = raw.setWindow(xAxis.getLowerBound(), xAxis.getUpperBound());
            changed |= smooth.setWindow(xAxis.getLowerBound(), xAxis.getUpperBound());
            changed |= bands != null && bands.setWindow(xAxis.getLowerBound(), xAxis.getUpperBound());
            if (changed) {
                plot.configureRangeAxes();
            }
        });
        plot.setRangePannable(true);
        XYToolTipGenerator tips = (dataset, series, item) -> tooltip(dataset, series, item, options);
        boolean smoothed = !options.smoothing().none();
        plot.setDataset(0, smoothed ? smooth : raw);
        XYLineAndShapeRenderer main = renderer(colors, smoothed ? 2.2f : 1.4f, false, tips, options);
        XYDataset shownData = smoothed ? smooth : raw;
        for (int i = 0; i < shownData.getSeriesCount(); i++) {
            // a run that logged the metric once (e.g. a final value at step 0) has no line: draw it as a marker
            main.setSeriesShapesVisible(i, shownData.getItemCount(i) == 1);
        }
        plot.setRenderer(0, main);
        if (smoothed) {
            plot.setDataset(1, raw);
            XYLineAndShapeRenderer faint = renderer(colors, 1f, true, tips, options);
            faint.setDefaultSeriesVisibleInLegend(false);
            plot.setRenderer(1, faint);
        }
        if (bands != null) {
            // the highest dataset index is drawn first: the bands lie behind every line
            plot.setDataset(2, bands);
            plot.setRenderer(2, GroupedSeries.bandRenderer(colors));
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

    /** Adds each run as its own series; returns the series' colours. */
    private static int[] addRuns(List<RunSeries> runs, ChartOptions options, WindowedDataset raw,
                                 WindowedDataset smooth) {
        int[] colors = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            RunSeries rs = runs.get(i);
            colors[i] = rs.colorIndex() >= 0 ? rs.colorIndex() : i;
            SeriesAlignment.XY xy = points(rs, options).byX();
            raw.addSeries(rs.runLabel(), xy.x(), xy.y());
            if (!options.smoothing().none()) {
                // smooth the full-resolution series, then reduce: smoothing the reduced one would distort it
                smooth.addSeries(rs.runLabel(), xy.x(), options.smoothing().apply(xy.x(), xy.y()));
            }
        }
        return colors;
    }

    /** A run's points in step order with their x for the chart's x mode (another metric: paired by step). */
    static SeriesAlignment.Paired points(RunSeries rs, ChartOptions options) {
        MetricSeries s = rs.series();
        if (options.xMode() == XMode.METRIC) {
            if (rs.xSeries() == null || options.xMetric() == null) {
                return new SeriesAlignment.Paired(new long[0], new double[0], new double[0]);
            }
            return SeriesAlignment.pairByStep(s, rs.xSeries());
        }
        long origin = rs.runStartMillis() > 0 ? Math.min(rs.runStartMillis(), minTimestamp(rs)) : minTimestamp(rs);
        return new SeriesAlignment.Paired(s.steps(), SeriesAlignment.xValues(s, options.xMode(), origin), s.values());
    }

    private static XYLineAndShapeRenderer renderer(int[] colors, float width, boolean faint, XYToolTipGenerator tips,
                                                   ChartOptions options) {
        XYLineAndShapeRenderer r = new DenseLineRenderer((key, x, y) -> tooltip(key, x, y, options));
        for (int i = 0; i < colors.length; i++) {
            Color c = Palette.color(colors[i]);
            r.setSeriesPaint(i, faint ? Palette.faint(c) : c);
            r.setSeriesStroke(i, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        r.setDefaultToolTipGenerator(tips);
        return r;
    }

    private static String tooltip(XYDataset dataset, int series, int item, ChartOptions options) {
        return tooltip(dataset.getSeriesKey(series), dataset.getXValue(series, item), dataset.getYValue(series, item),
                options);
    }

    private static String tooltip(Comparable<?> key, double x, double y, ChartOptions options) {
        String xText = switch (options.xMode()) {
            case METRIC -> options.xMetric() + " " + RunColumn.formatNumber(x);
            case STEP -> "step " + (long) x;
            case WALL_TIME -> Instant.ofEpochMilli((long) x).toString();
            case RELATIVE_TIME -> RunColumn.formatNumber(x) + " s";
        };
        return key + " — " + xText + ": " + RunColumn.formatNumber(y);
    }
}
