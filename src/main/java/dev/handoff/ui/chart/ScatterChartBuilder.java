package dev.handoff.ui.chart;

import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.ui.model.ParamValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Parameter-vs-metric scatter over runs: numeric parameters on a number axis, other values on a category axis.
 * Runs lacking the parameter or the metric are left out (and counted in the subtitle).
 */
public final class ScatterChartBuilder {
    private ScatterChartBuilder() {
    }

    /** A chart with no data and a hint as its title (chart viewers cannot show "no chart"). */
    public static JFreeChart empty(String hint) {
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(), false);
        chart.getXYPlot().setNoDataMessage(hint);
        return chart;
    }

    public static JFreeChart build(List<Run> runs, String param, String metric) {
        List<Run> usable = new ArrayList<>();
        for (Run r : runs) {
            if (r.params().containsKey(param) && r.latestMetrics().containsKey(metric)) {
                usable.add(r);
            }
        }
        boolean numeric = usable.stream().allMatch(r -> ParamValue.of(r.params().get(param)).numeric());
        List<String> categories = new ArrayList<>(new TreeSet<>(usable.stream().map(r -> r.params().get(param)).toList()));
        double[] x = new double[usable.size()];
        double[] y = new double[usable.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            Run r = usable.get(i);
            String v = r.params().get(param);
            x[i] = numeric ? ParamValue.parse(v) : categories.indexOf(v);
            Metric m = r.latestMetrics().get(metric);
            y[i] = m.value();
            names.add(r.displayName());
        }
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries(metric, new double[][]{x, y});
        ValueAxis xAxis = numeric ? new NumberAxis(param) : new SymbolAxis(param, categories.toArray(new String[0]));
        if (xAxis instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
        }
        NumberAxis yAxis = new NumberAxis(metric + " (final)");
        yAxis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, Palette.color(0));
        renderer.setDefaultToolTipGenerator((ds, s, item) -> names.get(item) + ": " + param + " = "
                + usable.get(item).params().get(param) + ", " + metric + " = " + ds.getYValue(s, item));
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        JFreeChart chart = new JFreeChart(metric + " vs " + param, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(14f), plot, false);
        int missing = runs.size() - usable.size();
        if (missing > 0) {
            chart.addSubtitle(new org.jfree.chart.title.TextTitle(missing + " run(s) without " + param + " or " + metric));
        }
        return chart;
    }
}
