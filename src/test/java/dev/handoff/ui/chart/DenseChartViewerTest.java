package dev.handoff.ui.chart;

import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.SplittableRandom;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.snapshot;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dense chart on the JavaFX canvas (FXGraphics2D, always antialiased): M4's vertical columns and horizontal runs are
 * drawn through pixel centres, sharp in the run's own colour rather than smeared over two half-strength pixels.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class DenseChartViewerTest {
    private Stage stage;
    private ChartViewer viewer;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        int n = 200_000;
        long[] steps = new long[n];
        double[] a = new double[n];
        double[] b = new double[n];
        long[] times = new long[n];
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            times[i] = i;
            a[i] = i % 7919 == 0 ? 1 : 0; // dense: flat with spikes, i.e. M4's horizontal runs and vertical columns
            b[i] = 2 - i / (double) n + rnd.nextGaussian() * 0.3;
        }
        MetricChart chart = MetricChartBuilder.build("loss", List.of(
                        new RunSeries("a", 0, new MetricSeries("a", "loss", steps, a, times), 0),
                        new RunSeries("b", 0, new MetricSeries("b", "loss", steps, b, times), 1)),
                new ChartOptions(XMode.STEP, 0, false, 700, false));
        viewer = new ChartViewer(chart.chart());
        stage.setScene(new Scene(viewer, 760, 420));
        stage.show();
        stage.setWidth(760);
        stage.setHeight(420);
    }

    @Test
    void denseLinesAreSharpInTheRunColourOnTheCanvas() throws Exception {
        Thread.sleep(500);
        WritableImage image = fx(() -> stage.getScene().snapshot(null));
        snapshot(stage, "dense-chart-fx");
        java.awt.Color run = Palette.color(0);
        // Run a's flat baseline crosses the plot as a horizontal line: in each pixel column between its spikes it
        // must be one pixel of the run's exact colour, not two half-strength (blended with white) pixels.
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int columns = 0;
        int sharp = 0;
        for (int x = w / 5; x < w * 4 / 5; x += 3) {
            int blue = 0;
            int exactBlue = 0;
            for (int y = h / 2; y < h - 40; y++) { // the lower half: the baseline, below run b's band
                int argb = image.getPixelReader().getArgb(x, y);
                int r = (argb >> 16) & 0xFF;
                int bl = argb & 0xFF;
                if (bl > r + 40) {
                    blue++;
                    if ((argb & 0xFFFFFF) == (run.getRGB() & 0xFFFFFF)) {
                        exactBlue++;
                    }
                }
            }
            if (blue == 0 || blue > 3) {
                continue; // a spike's column, or run b's band reaching down
            }
            columns++;
            if (blue == 1 && exactBlue == 1) {
                sharp++;
            }
        }
        System.out.println("dense chart baseline: " + sharp + " sharp of " + columns + " columns");
        assertTrue(columns > 50, "baseline columns found: " + columns);
        assertTrue(sharp > columns * 0.9, sharp + " of " + columns + " baseline columns are one exact pixel");
    }
}
