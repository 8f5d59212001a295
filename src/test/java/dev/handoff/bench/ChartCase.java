package dev.handoff.bench;

import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import dev.handoff.ui.chart.ChartOptions;
import dev.handoff.ui.chart.MetricChart;
import dev.handoff.ui.chart.MetricChartBuilder;
import dev.handoff.ui.chart.RunSeries;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.entity.StandardEntityCollection;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.DefaultXYDataset;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Redrawing a metric chart of many long series as the workbench does it ({@link MetricChartBuilder}: every run
 * overlaid, re-reduced min/max per pixel column for the visible x window on each zoom or pan, dense series drawn as
 * pixel polylines, one tooltip entity per column), against JFreeChart drawing every point with its default XY line
 * renderer.
 */
final class ChartCase implements BenchCase {
    private static final int WIDTH = 1600;
    private static final int HEIGHT = 900;
    private static final int SERIES = 20;
    private static final int WARM_UPS = 5;
    private static final int REDRAWS = 20;
    private static final double GOAL_MILLIS = 50;

    @Override
    public String name() {
        return "chart";
    }

    @Override
    public String goal() {
        return "< 50 ms per redraw";
    }

    @Override
    public BenchResult run(Scale scale, Path work, Consumer<String> log) {
        int points = scale.full() ? 1_000_000 : 20_000;
        log.accept("generating " + SERIES + " random walks × " + points + " points");
        long[] steps = new long[points];
        long[] times = new long[points];
        for (int i = 0; i < points; i++) {
            steps[i] = i;
            times[i] = 1_700_000_000_000L + i * 10L;
        }
        double[][] ys = new double[SERIES][points];
        SplittableRandom rnd = new SplittableRandom(3);
        List<RunSeries> runs = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            double v = 0;
            for (int i = 0; i < points; i++) {
                v += rnd.nextDouble() - 0.5;
                ys[s][i] = v;
            }
            runs.add(new RunSeries("run-" + s, times[0],
                    new MetricSeries("r" + s, "loss", steps, ys[s], times), s));
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
        ChartOptions options = new ChartOptions(XMode.STEP, 0, false, WIDTH, false);
        long buildStart = System.nanoTime();
        MetricChart chart = MetricChartBuilder.build("loss", runs, options);
        double buildMillis = (System.nanoTime() - buildStart) / 1e6;

        // each redraw moves the x window as a user zooming and panning does: full view, halves, tenths, a 1% slice
        double[][] windows = {{0, points - 1}, {0, points / 2.0}, {points / 2.0, points - 1},
                {points * 0.3, points * 0.4}, {points * 0.61, points * 0.62}, {points * 0.05, points * 0.95}};
        ValueAxis xAxis = chart.chart().getXYPlot().getDomainAxis();
        double[] redraw = new double[REDRAWS];
        int[] drawnPoints = new int[REDRAWS];
        int entities = 0;
        for (int i = -WARM_UPS; i < REDRAWS; i++) {
            double[] w = windows[Math.floorMod(i, windows.length)];
            long start = System.nanoTime();
            xAxis.setRange(w[0], w[1]); // the axis listener re-reduces every series to this window
            ChartRenderingInfo info = new ChartRenderingInfo(new StandardEntityCollection()); // as ChartViewer does
            draw(chart.chart(), image, info);
            if (i >= 0) {
                redraw[i] = (System.nanoTime() - start) / 1e6;
                drawnPoints[i] = drawn(chart.chart());
                entities = Math.max(entities, info.getEntityCollection().getEntityCount());
            }
        }
        double[] sorted = redraw.clone();
        Arrays.sort(sorted);
        double median = median(sorted);

        log.accept("drawing all " + (long) SERIES * points + " points once");
        double[] x = new double[points];
        Arrays.setAll(x, i -> i);
        DefaultXYDataset full = new DefaultXYDataset();
        for (int s = 0; s < SERIES; s++) {
            full.addSeries("s" + s, new double[][]{x, ys[s]});
        }
        JFreeChart reference = ChartFactory.createXYLineChart(null, "step", "value", full, PlotOrientation.VERTICAL,
                false, false, false);
        long start = System.nanoTime();
        draw(reference, image, null);
        double referenceMillis = (System.nanoTime() - start) / 1e6;

        List<String> details = List.of(
                String.format(Locale.ROOT, "%d series × %,d points; %d×%d BufferedImage, headless AWT", SERIES,
                        points, WIDTH, HEIGHT),
                String.format(Locale.ROOT, "ours: MetricChartBuilder (the workbench's chart) built once in %s"
                                + " (alignment + MinMaxIndex of every series); each redraw moves the x window"
                                + " (full, halves, 10%%, 1%% slices) so every series is re-reduced to %d columns"
                                + " for that window, then draws with a ChartRenderingInfo as ChartViewer does"
                                + " (%,d tooltip entities)",
                        BenchResult.millis(buildMillis), WIDTH, entities),
                String.format(Locale.ROOT, "ours: median of %d redraws after %d warm-ups %s (min %s, max %s);"
                                + " %,d–%,d points drawn per redraw", REDRAWS, WARM_UPS, BenchResult.millis(median),
                        BenchResult.millis(sorted[0]), BenchResult.millis(sorted[REDRAWS - 1]),
                        Arrays.stream(drawnPoints).min().orElse(0), Arrays.stream(drawnPoints).max().orElse(0)),
                "reference: the same data drawn point by point with JFreeChart's default XYLineAndShapeRenderer,"
                        + " once: " + BenchResult.millis(referenceMillis));
        return new BenchResult(name(), median, referenceMillis, referenceMillis / median, "reference / ours",
                goal(), median < GOAL_MILLIS, details);
    }

    private static int drawn(JFreeChart chart) {
        var dataset = chart.getXYPlot().getDataset(0);
        int n = 0;
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
            n += dataset.getItemCount(s);
        }
        return n;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void draw(JFreeChart chart, BufferedImage image, ChartRenderingInfo info) {
        Graphics2D g = image.createGraphics();
        try {
            chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT), info);
        } finally {
            g.dispose();
        }
    }
}
