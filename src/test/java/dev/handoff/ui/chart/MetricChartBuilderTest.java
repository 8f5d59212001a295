package dev.handoff.ui.chart;

import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.StandardEntityCollection;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricChartBuilderTest {
    private static final int WIDTH = 400;

    private static MetricSeries series(String run, int n, double spikeAt) {
        long[] steps = new long[n];
        double[] values = new double[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            values[i] = Math.sin(i / 2.0) + (i == spikeAt ? 100 : 0);
            times[i] = 1_000_000L + i;
        }
        return new MetricSeries(run, "loss", steps, values, times);
    }

    private static MetricSeries noisy(String run, int n) {
        MetricSeries base = series(run, n, -1);
        double[] v = base.values().clone();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            v[i] = 20 - 15.0 * i / n + rnd.nextGaussian() * 2;
        }
        return new MetricSeries(run, "loss", base.steps(), v, base.timestamps());
    }

    private static MetricChart chart(List<RunSeries> runs) {
        return MetricChartBuilder.build("loss", runs, new ChartOptions(XMode.STEP, 0, false, WIDTH, false));
    }

    @Test
    void zoomReReducesTheVisibleWindowFromTheFullSeries() {
        MetricChart chart = chart(List.of(new RunSeries("a", 0, series("a", 200_000, 123_456))));
        XYPlot plot = chart.chart().getXYPlot();
        XYDataset data = plot.getDataset(0);
        assertTrue(data.getItemCount(0) <= 5 * WIDTH, "full view reduced: " + data.getItemCount(0));
        assertEquals(200_000, chart.totalPoints());
        assertEquals(100.0 + Math.sin(123_456 / 2.0), maxY(data), 1e-12, "the spike survives the full view");

        plot.getDomainAxis().setRange(100_000, 100_300);
        // every point of the window (plus one each side) is drawn now: detail, not stretched columns
        assertEquals(303, data.getItemCount(0));
        assertEquals(99_999, data.getXValue(0, 0));
        assertEquals(100_301, data.getXValue(0, 302));

        plot.getDomainAxis().setAutoRange(true); // Reset zoom: the full series again
        assertTrue(data.getItemCount(0) <= 5 * WIDTH);
        assertEquals(0, plot.getDomainAxis().getLowerBound(), 1e-9 * 200_000 + 200_000 * 0.06);
        assertEquals(100.0 + Math.sin(123_456 / 2.0), maxY(data), 1e-12);
    }

    @Test
    void aZoomRedrawsOnceWithTheNewWindowAndAFittedRangeAxis() {
        MetricChart chart = MetricChartBuilder.build("loss", List.of(new RunSeries("a", 0, series("a", 200_000, 150_000), 0)),
                new ChartOptions(XMode.STEP, 0.6, false, WIDTH, false)); // smoothing: two windowed datasets
        XYPlot plot = chart.chart().getXYPlot();
        java.util.List<Integer> itemsAtEachRedraw = new java.util.ArrayList<>();
        chart.chart().addChangeListener(e -> itemsAtEachRedraw.add(plot.getDataset(1).getItemCount(0)));
        plot.getDomainAxis().setRange(1_000, 1_200);
        assertEquals(List.of(203), itemsAtEachRedraw, "one redraw, already showing the zoomed window");
        // the y axis fits the window (values within ±1), not the 100-high spike far outside it
        assertTrue(plot.getRangeAxis().getUpperBound() < 5, "range " + plot.getRangeAxis().getRange());
    }

    private static double maxY(XYDataset data) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < data.getItemCount(0); i++) {
            max = Math.max(max, data.getYValue(0, i));
        }
        return max;
    }

    @Test
    void aRunKeepsItsColourAcrossChartsWhereOtherRunsAreMissing() {
        MetricChart both = chart(List.of(new RunSeries("a", 0, series("a", 50, -1), 0),
                new RunSeries("b", 0, series("b", 50, -1), 1)));
        MetricChart onlyB = chart(List.of(new RunSeries("b", 0, series("b", 50, -1), 1)));
        assertEquals(both.chart().getXYPlot().getRenderer().getSeriesPaint(1),
                onlyB.chart().getXYPlot().getRenderer().getSeriesPaint(0));
        assertEquals(Palette.color(1), onlyB.chart().getXYPlot().getRenderer().getSeriesPaint(0));
    }

    @Test
    void denseSeriesIsDrawnWithItsSpikeAndHoverableColumns() throws java.io.IOException {
        MetricChart chart = chart(List.of(new RunSeries("a", 0, series("a", 100_000, 50_000), 0),
                new RunSeries("b", 0, noisy("b", 100_000), 1)));
        BufferedImage image = new BufferedImage(WIDTH + 100, 300, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo(new StandardEntityCollection());
        Graphics2D g = image.createGraphics();
        chart.chart().draw(g, new Rectangle2D.Double(0, 0, WIDTH + 100, 300), info);
        g.dispose();
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/snapshots"));
        javax.imageio.ImageIO.write(image, "png", java.nio.file.Path.of("target/snapshots/dense-chart.png").toFile());
        Rectangle2D area = info.getPlotInfo().getDataArea();
        Color run = Palette.color(0);
        // the spike reaches the top of the plot: some pixel of the run's colour in the top 5% of the data area
        boolean top = false;
        int coloured = 0;
        for (int x = (int) area.getMinX(); x < area.getMaxX(); x++) {
            for (int y = (int) area.getMinY(); y < area.getMaxY(); y++) {
                if (image.getRGB(x, y) == (run.getRGB() | 0xFF000000)) {
                    coloured++;
                    top |= y < area.getMinY() + area.getHeight() * 0.05;
                }
            }
        }
        assertTrue(top, "spike drawn");
        assertTrue(coloured > area.getWidth(), "the band is drawn across the plot: " + coloured);
        int entities = 0;
        String tip = null;
        for (Object o : info.getEntityCollection().getEntities()) {
            if (o instanceof XYItemEntity e && e.getSeriesIndex() == 0) {
                entities++;
                if (tip == null || ((ChartEntity) e).getToolTipText().contains("100.")) {
                    tip = e.getToolTipText();
                }
            }
        }
        assertTrue(entities >= area.getWidth() * 0.9 && entities <= area.getWidth() + 2, "one per column: " + entities);
        assertNotNull(tip);
        assertTrue(tip.startsWith("a — step "), tip);
    }
}
