package dev.handoff.ui.chart;

import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.ui.model.ParamValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parallel coordinates for a sweep: one vertical axis per parameter that varies across the runs, the chosen metric
 * last; one line per run, coloured from blue (low metric) to red (high). Each axis is scaled to its own range
 * (numbers) or spread over its values (text); the range is written at the axis' ends.
 */
public final class ParallelCoordinatesBuilder {
    private ParallelCoordinatesBuilder() {
    }

    /** The parameters that take more than one value among {@code runs}, sorted. */
    public static List<String> varyingParams(List<Run> runs) {
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            Set<String> values = new LinkedHashSet<>();
            runs.forEach(r -> values.add(r.params().get(k)));
            if (values.size() > 1) {
                out.add(k);
            }
        }
        return out;
    }

    public static JFreeChart build(List<Run> runs, String metric) {
        List<Run> usable = runs.stream().filter(r -> r.latestMetrics().containsKey(metric)
                && Double.isFinite(r.latestMetrics().get(metric).value())).toList();
        List<String> params = varyingParams(usable);
        if (usable.size() < 2 || params.isEmpty()) {
            return ScatterChartBuilder.empty("Parallel coordinates need at least two runs with " + metric
                    + " that differ in a parameter");
        }
        List<String> axes = new ArrayList<>(params);
        axes.add(metric);
        int n = axes.size();
        double[][] scaled = new double[usable.size()][n];
        List<String[]> ranges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            ranges.add(scaleAxis(usable, metric, axes.get(a), a == n - 1, scaled, a));
        }
        DefaultXYDataset data = new DefaultXYDataset();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < usable.size(); i++) {
            double[] xs = new double[n];
            for (int a = 0; a < n; a++) {
                xs[a] = a;
            }
            data.addSeries(usable.get(i).displayName() + " (" + usable.get(i).id() + ")", new double[][]{xs, scaled[i]});
            double t = scaled[i][n - 1];
            renderer.setSeriesPaint(i, new Color((int) (40 + 200 * t), 80, (int) (220 - 180 * t)));
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        renderer.setDefaultToolTipGenerator((ds, s, item) -> ds.getSeriesKey(s) + ": " + axes.get(item));
        SymbolAxis x = new SymbolAxis(null, axes.toArray(new String[0]));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis(null);
        y.setRange(-0.08, 1.08);
        y.setTickLabelsVisible(false);
        y.setTickMarksVisible(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setRangeGridlinesVisible(false);
        plot.setDomainGridlinePaint(Color.GRAY);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        for (int a = 0; a < n; a++) {
            XYTextAnnotation lo = new XYTextAnnotation(ranges.get(a)[0], a, -0.05);
            XYTextAnnotation hi = new XYTextAnnotation(ranges.get(a)[1], a, 1.05);
            lo.setFont(small);
            hi.setFont(small);
            lo.setTextAnchor(TextAnchor.CENTER);
            hi.setTextAnchor(TextAnchor.CENTER);
            plot.addAnnotation(lo);
            plot.addAnnotation(hi);
        }
        return new JFreeChart("Sweep: " + String.join(", ", params) + " → " + metric,
                JFreeChart.DEFAULT_TITLE_FONT.deriveFont(13f), plot, false);
    }

    /** Scales axis {@code a} of every run to [0, 1] into {@code scaled}; returns the axis' low and high labels. */
    private static String[] scaleAxis(List<Run> usable, String metric, String axis, boolean isMetric,
                                      double[][] scaled, int a) {
        List<String> texts = new ArrayList<>();
        for (Run r : usable) {
            texts.add(isMetric ? null : r.params().get(axis));
        }
        boolean numeric = isMetric || texts.stream().allMatch(t -> t == null || ParamValue.of(t).numeric());
        if (!numeric) {
            List<String> cats = new ArrayList<>(new TreeSet<>(texts.stream().filter(t -> t != null).toList()));
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                scaled[i][a] = t == null ? Double.NaN : cats.size() == 1 ? 0.5 : cats.indexOf(t) / (double) (cats.size() - 1);
            }
            return new String[]{cats.get(0), cats.get(cats.size() - 1)};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] v = new double[usable.size()];
        for (int i = 0; i < usable.size(); i++) {
            Metric m = usable.get(i).latestMetrics().get(metric);
            v[i] = isMetric ? m.value() : texts.get(i) == null ? Double.NaN : ParamValue.parse(texts.get(i));
            if (Double.isFinite(v[i])) {
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
        }
        for (int i = 0; i < v.length; i++) {
            scaled[i][a] = Double.isFinite(v[i]) ? (hi > lo ? (v[i] - lo) / (hi - lo) : 0.5) : Double.NaN;
        }
        return new String[]{fmt(lo), fmt(hi)};
    }

    private static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v != 0) ? String.format(java.util.Locale.ROOT, "%.3g", v)
                : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
