package dev.handoff.bench;

import dev.handoff.metrics.Downsampled;
import dev.handoff.metrics.MinMaxDownsampler;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Redrawing a chart of many long series: min/max downsampling to the pixel width then drawing with JFreeChart,
 * against JFreeChart drawing every point with its default XY line renderer.
 */
final class ChartCase implements BenchCase {
    private static final int WIDTH = 1600;
    private static final int HEIGHT = 900;
    private static final int SERIES = 20;
    private static final int WARM_UPS = 3;
    private static final int REDRAWS = 10;
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
        double[] x = new double[points];
        Arrays.setAll(x, i -> i);
        double[][] ys = new double[SERIES][points];
        SplittableRandom rnd = new SplittableRandom(3);
        for (double[] y : ys) {
            double v = 0;
            for (int i = 0; i < points; i++) {
                v += rnd.nextDouble() - 0.5;
                y[i] = v;
            }
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
        double[] times = redraws(x, ys, image, false);
        double[] asPath = redraws(x, ys, image, true);
        double median = median(times);
        int drawn = 0;
        for (double[] y : ys) {
            drawn += MinMaxDownsampler.downsample(x, y, WIDTH).size();
        }

        log.accept("drawing all " + (long) SERIES * points + " points once");
        DefaultXYDataset full = new DefaultXYDataset();
        for (int s = 0; s < SERIES; s++) {
            full.addSeries("s" + s, new double[][]{x, ys[s]});
        }
        long start = System.nanoTime();
        draw(full, image, false);
        double reference = (System.nanoTime() - start) / 1e6;

        List<String> details = List.of(
                String.format(Locale.ROOT, "%d series × %,d points; %d×%d BufferedImage, headless AWT", SERIES,
                        points, WIDTH, HEIGHT),
                String.format(Locale.ROOT, "ours: MinMaxDownsampler to %d columns (%,d points drawn) + JFreeChart"
                        + " XY line chart, default renderer (segment by segment, as MetricChartBuilder), median"
                        + " of %d redraws after %d warm-ups: %s (min %s, max %s)", WIDTH, drawn, REDRAWS, WARM_UPS,
                        BenchResult.millis(median), BenchResult.millis(times[0]),
                        BenchResult.millis(times[REDRAWS - 1])),
                "ours with each series stroked as one path (setDrawSeriesLineAsPath(true)): median "
                        + BenchResult.millis(median(asPath)),
                "reference: the same chart drawing every point with JFreeChart's default XYLineAndShapeRenderer,"
                        + " once: " + BenchResult.millis(reference));
        return new BenchResult(name(), median, reference, reference / median, "reference / ours", goal(),
                median < GOAL_MILLIS, details);
    }

    /** Times downsampling plus drawing, {@link #REDRAWS} times after {@link #WARM_UPS} untimed rounds; sorted. */
    private static double[] redraws(double[] x, double[][] ys, BufferedImage image, boolean asPath) {
        double[] times = new double[REDRAWS];
        for (int i = -WARM_UPS; i < REDRAWS; i++) {
            long start = System.nanoTime();
            DefaultXYDataset dataset = new DefaultXYDataset();
            for (int s = 0; s < ys.length; s++) {
                Downsampled d = MinMaxDownsampler.downsample(x, ys[s], WIDTH);
                dataset.addSeries("s" + s, new double[][]{d.x(), d.y()});
            }
            draw(dataset, image, asPath);
            if (i >= 0) {
                times[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(times);
        return times;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Draws an XY line chart of {@code dataset} into {@code image} with JFreeChart's default renderer, stroking each
     * series as a single path when {@code asPath}.
     */
    private static void draw(DefaultXYDataset dataset, BufferedImage image, boolean asPath) {
        JFreeChart chart = ChartFactory.createXYLineChart(null, "step", "value", dataset, PlotOrientation.VERTICAL,
                false, false, false);
        ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDrawSeriesLineAsPath(asPath);
        Graphics2D g = image.createGraphics();
        try {
            chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        } finally {
            g.dispose();
        }
    }
}
