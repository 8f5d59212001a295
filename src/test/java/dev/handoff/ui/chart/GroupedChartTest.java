package dev.handoff.ui.chart;

import dev.handoff.metrics.Aggregate;
import dev.handoff.metrics.Band;
import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grouped runs drawn as their mean line with a band; x = another metric. */
class GroupedChartTest {
    private static final int WIDTH = 300;

    private static MetricSeries series(String run, String key, long[] steps, double[] values) {
        long[] t = new long[steps.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1000 + i;
        }
        return new MetricSeries(run, key, steps, values, t);
    }

    private static RunSeries run(String id, MetricSeries s, String group) {
        return new RunSeries(id, 0, s, 0, null, group);
    }

    @Test
    void groupsAreOneLineEachWithTheirBandAndSizeInTheLegend() {
        List<RunSeries> runs = List.of(
                run("a", series("a", "loss", new long[]{0, 1}, new double[]{1, 3}), "x"),
                run("b", series("b", "loss", new long[]{0, 1}, new double[]{3, 5}), "x"),
                run("c", series("c", "loss", new long[]{0}, new double[]{7}), null));
        ChartOptions o = new ChartOptions(XMode.STEP, 0, false, WIDTH, false)
                .withGrouping("params.seed_group", Aggregate.MEAN, Band.MINMAX);
        XYPlot plot = MetricChartBuilder.build("loss", runs, o).chart().getXYPlot();
        XYDataset lines = plot.getDataset(0);
        assertEquals(2, lines.getSeriesCount());
        assertEquals("seed_group=x (n=2)", lines.getSeriesKey(0));
        assertEquals("seed_group=(none) (n=1)", lines.getSeriesKey(1));
        assertEquals(2.0, lines.getYValue(0, 0), 1e-12);
        assertEquals(4.0, lines.getYValue(0, 1), 1e-12);
        IntervalXYDataset band = (IntervalXYDataset) plot.getDataset(2);
        assertEquals(1.0, band.getStartYValue(0, 0), 1e-12);
        assertEquals(3.0, band.getEndYValue(0, 0), 1e-12);
        assertEquals(5.0, band.getEndYValue(0, 1), 1e-12);
        LegendItemCollection legend = plot.getLegendItems();
        assertEquals(2, legend.getItemCount(), "one legend entry per group, none for the bands");
    }

    @Test
    void noBandMeansNoBandDataset() {
        List<RunSeries> runs = List.of(run("a", series("a", "loss", new long[]{0}, new double[]{1}), "x"));
        ChartOptions o = new ChartOptions(XMode.STEP, 0, false, WIDTH, false)
                .withGrouping("tags.g", Aggregate.MEDIAN, Band.NONE);
        assertNull(MetricChartBuilder.build("loss", runs, o).chart().getXYPlot().getDataset(2));
    }

    @Test
    void largeGroupsAreDownsampledNotTruncated() {
        int n = 50_000;
        List<RunSeries> runs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            long[] steps = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                steps[i] = i;
                v[i] = r + (i == 40_000 ? 100 : 0);
            }
            runs.add(run("r" + r, series("r" + r, "loss", steps, v), "g"));
        }
        ChartOptions o = new ChartOptions(XMode.STEP, 0, false, WIDTH, false)
                .withGrouping("params.g", Aggregate.MEAN, Band.STD);
        MetricChart chart = MetricChartBuilder.build("loss", runs, o);
        XYPlot plot = chart.chart().getXYPlot();
        assertEquals(n, chart.totalPoints());
        assertTrue(plot.getDataset(0).getItemCount(0) <= 5 * WIDTH, "line reduced");
        IntervalXYDataset band = (IntervalXYDataset) plot.getDataset(2);
        assertTrue(band.getItemCount(0) <= WIDTH + 2, "band reduced: " + band.getItemCount(0));
        double top = 0;
        for (int i = 0; i < band.getItemCount(0); i++) {
            top = Math.max(top, band.getEndYValue(0, i));
        }
        // at step 40000 all three runs spike: mean 101, std 1 → the band reaches 102
        assertEquals(102, top, 1e-9);
        assertEquals(n - 1, plot.getDomainAxis().getRange().getUpperBound(), n * 0.05, "the whole range is drawn");
    }

    @Test
    void xIsAnotherMetricPairedByStep() {
        MetricSeries loss = series("a", "loss", new long[]{0, 1, 2}, new double[]{0.9, 0.5, 0.7});
        MetricSeries lr = series("a", "lr", new long[]{0, 1, 2}, new double[]{0.3, 0.01, 0.1});
        ChartOptions o = new ChartOptions(XMode.STEP, 0, false, WIDTH, false).withXMetric("lr");
        XYPlot plot = MetricChartBuilder.build("loss", List.of(new RunSeries("a", 0, loss, 0, lr, null)), o)
                .chart().getXYPlot();
        assertEquals("lr", plot.getDomainAxis().getLabel());
        XYDataset d = plot.getDataset(0);
        assertEquals(3, d.getItemCount(0));
        assertEquals(0.01, d.getXValue(0, 0), 1e-12);
        assertEquals(0.5, d.getYValue(0, 0), 1e-12);
        assertEquals(0.3, d.getXValue(0, 2), 1e-12);
        assertEquals(0.9, d.getYValue(0, 2), 1e-12);
    }
}
