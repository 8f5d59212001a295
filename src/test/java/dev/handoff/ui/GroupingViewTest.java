package dev.handoff.ui;

import dev.handoff.metrics.Aggregate;
import dev.handoff.metrics.Band;
import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.source.RunSources;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample project's runs grouped by their trainer: one mean line with a ± std band per trainer, the legend naming
 * the group and its size; and the validation loss plotted against the validation AUC.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class GroupingViewTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");

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

    private void openSampleAndSelectAll() throws Exception {
        fx(() -> {
            workbench.open(PROJECT.toString());
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 10);
        fx(() -> {
            workbench.runsPane().table().getSelectionModel().selectAll();
            return null;
        });
    }

    @Test
    void runsGroupedByTrainerAreDrawnAsMeanLinesWithStdBands() throws Exception {
        openSampleAndSelectAll();
        fx(() -> {
            workbench.chartsPane().grouping().set("params.trainer", Aggregate.MEAN, Band.STD);
            return null;
        });
        waitUntil(() -> {
            JFreeChart c = chart("val_loss");
            return c != null && c.getXYPlot().getDataset(2) != null && c.getXYPlot().getDataset(0).getSeriesCount() == 3;
        });
        XYDataset lines = chart("val_loss").getXYPlot().getDataset(0);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < lines.getSeriesCount(); i++) {
            keys.add(lines.getSeriesKey(i).toString());
        }
        assertTrue(keys.contains("trainer=LinearSGDTrainer (n=3)"), keys.toString());
        assertTrue(keys.contains("trainer=XGBoostClassificationTrainer (n=2)"), keys.toString());
        assertTrue(keys.contains("trainer=CARTClassificationTrainer (n=4)"), keys.toString());

        // the line at the first step is the mean of the three logistic regressions' val_loss there, read from the store
        int sgd = keys.indexOf("trainer=LinearSGDTrainer (n=3)");
        double[] first = new double[3];
        int k = 0;
        try (RunSource store = RunSources.open(PROJECT.toString())) {
            for (Run r : fx(() -> workbench.runsPane().runs())) {
                if ("LinearSGDTrainer".equals(r.params().get("trainer"))) {
                    MetricSeries s = store.getMetricHistory(r.id(), "val_loss");
                    first[k++] = s.values()[0];
                }
            }
        }
        assertEquals(3, k);
        double mean = (first[0] + first[1] + first[2]) / 3;
        assertEquals(mean, lines.getYValue(sgd, 0), 1e-12);
        double ss = 0;
        for (double v : first) {
            ss += (v - mean) * (v - mean);
        }
        IntervalXYDataset band = (IntervalXYDataset) chart("val_loss").getXYPlot().getDataset(2);
        assertEquals(mean + Math.sqrt(ss / 2), band.getEndYValue(sgd, 0), 1e-12, "mean + sample std");
        String summary = fx(() -> ((javafx.scene.control.Label) stage.getScene().lookup("#chartSummary")).getText());
        assertTrue(summary.contains("in 3 group(s)"), summary);
        FxTesting.snapshot(stage, "grouping-bands");
        // the chart alone, large enough for its legend (the README's screenshot)
        java.nio.file.Files.createDirectories(Path.of("target", "snapshots"));
        org.jfree.chart.ChartUtils.saveChartAsPNG(Path.of("target", "snapshots", "grouping-chart.png").toFile(),
                chart("val_auc"), 900, 520);
    }

    @Test
    void aMetricPlottedAgainstAnotherMetricOfTheSameRun() throws Exception {
        openSampleAndSelectAll();
        fx(() -> {
            workbench.chartsPane().xMode().setValue(XMode.METRIC);
            workbench.chartsPane().xMetric().setValue("val_auc");
            return null;
        });
        waitUntil(() -> {
            JFreeChart c = chart("val_loss");
            return c != null && "val_auc".equals(c.getXYPlot().getDomainAxis().getLabel());
        });
        XYDataset d = chart("val_loss").getXYPlot().getDataset(0);
        assertNotNull(d);
        assertTrue(d.getSeriesCount() >= 9, "every run with both metrics: " + d.getSeriesCount());
        for (int s = 0; s < d.getSeriesCount(); s++) {
            for (int i = 0; i < d.getItemCount(s); i++) {
                double x = d.getXValue(s, i);
                assertTrue(x >= 0 && x <= 1, "an AUC on the x axis: " + x);
            }
        }
        FxTesting.snapshot(stage, "x-metric");
    }

    private JFreeChart chart(String key) throws Exception {
        return fx(() -> workbench.chartsPane().chart(key));
    }
}
