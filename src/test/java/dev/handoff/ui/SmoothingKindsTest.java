package dev.handoff.ui;

import dev.handoff.metrics.Smoothing;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Locale;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static dev.handoff.ui.WorkbenchDriver.chart;
import static dev.handoff.ui.WorkbenchDriver.openSample;
import static dev.handoff.ui.WorkbenchDriver.selectRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each smoothing kind chosen in the charts bar draws exactly {@link Smoothing#apply} of the raw line it is drawn over
 * (the raw line stays visible, faint), and "none" draws the raw line alone.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class SmoothingKindsTest {
    private TestWorkbench fixture;
    private Workbench workbench;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        fixture = TestWorkbench.show(stage);
        workbench = fixture.workbench;
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void everyKindDrawsItsDefinitionOfTheRawLine() throws Exception {
        openSample(workbench);
        selectRuns(workbench, "b1", "b2");
        waitUntil(() -> !fx(() -> workbench.chartsPane().chartKeys()).isEmpty());
        String key = fx(() -> workbench.chartsPane().chartKeys().get(0));
        for (Smoothing s : List.of(new Smoothing(Smoothing.Kind.EMA, 0.8),
                new Smoothing(Smoothing.Kind.TIME_WEIGHTED_EMA, 0.8), new Smoothing(Smoothing.Kind.GAUSSIAN, 4),
                new Smoothing(Smoothing.Kind.RUNNING_AVERAGE, 7))) {
            fx(() -> {
                workbench.chartsPane().smoothingControl().set(s);
                return null;
            });
            assertEquals(s, fx(() -> workbench.chartsPane().smoothingControl().value()));
            waitUntil(() -> drawsSmoothingOfRaw(chart(workbench, key), s));
            FxTesting.snapshot(stage, "smoothing-" + s.kind().name().toLowerCase(Locale.ROOT));
        }
        fx(() -> {
            workbench.chartsPane().smoothingControl().set(Smoothing.NONE);
            return null;
        });
        waitUntil(() -> fx(() -> chart(workbench, key).getXYPlot().getDatasetCount() == 1
                || chart(workbench, key).getXYPlot().getDataset(1) == null));
        assertTrue(fx(() -> chart(workbench, key).getXYPlot().getDataset(1) == null), "no faint raw line without smoothing");
    }

    /** Dataset 0 (bold) is the kind applied to dataset 1 (the faint raw line), series by series and point by point. */
    private static boolean drawsSmoothingOfRaw(JFreeChart chart, Smoothing s) throws Exception {
        return fx(() -> {
            XYDataset smooth = chart.getXYPlot().getDataset(0);
            XYDataset raw = chart.getXYPlot().getDataset(1);
            if (raw == null || smooth.getSeriesCount() != raw.getSeriesCount() || raw.getSeriesCount() == 0) {
                return false;
            }
            for (int series = 0; series < raw.getSeriesCount(); series++) {
                int n = raw.getItemCount(series);
                double[] x = new double[n];
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = raw.getXValue(series, i);
                    y[i] = raw.getYValue(series, i);
                }
                double[] expected = s.apply(x, y);
                if (smooth.getItemCount(series) != n) {
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    if (Math.abs(smooth.getYValue(series, i) - expected[i]) > 1e-9 * Math.max(1, Math.abs(expected[i]))) {
                        return false;
                    }
                }
            }
            return true;
        });
    }
}
