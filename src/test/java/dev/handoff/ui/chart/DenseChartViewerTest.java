package dev.handoff.ui.chart;

import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
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
    }

    @Test
    void denseLinesAreSharpInTheRunColourOnTheCanvas() throws Exception {
        Thread.sleep(500);
        WritableImage image = fx(() -> stage.getScene().snapshot(null));
        snapshot(stage, "dense-chart-fx");
        java.awt.Color run = Palette.color(0);
        int exact = 0;
        int tinted = 0;
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                int argb = image.getPixelReader().getArgb(x, y);
                int r = (argb >> 16) & 0xFF;
                int g = (argb >> 8) & 0xFF;
                int bl = argb & 0xFF;
                if ((argb & 0xFFFFFF) == (run.getRGB() & 0xFFFFFF)) {
                    exact++;
                } else if (bl > r + 40 && bl > 120) { // a blend of run a's blue with the white background
                    tinted++;
                }
            }
        }
        // a line through pixel centres is mostly pixels of the run's exact colour; one on whole coordinates is
        // smeared over pairs of half-strength pixels
        System.out.println("dense chart pixels: exact " + exact + ", tinted " + tinted);
        assertTrue(exact > 2 * tinted, "exact " + exact + " vs blended " + tinted);
    }
}
