package dev.handoff.ui.chart;

import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ParallelCoordinatesBuilderTest {
    static Run run(String id, Map<String, String> params, double auc) {
        return new Run(new RunInfo(id, id, "1", "u", RunStatus.FINISHED, 1, 2, "", LifecycleStage.ACTIVE), params, Map.of(),
                Map.of("val_auc", new Metric("val_auc", auc, 1, 0)));
    }

    @Test
    void oneScaledLinePerRunOverTheVaryingParamsThenTheMetric() {
        List<Run> runs = List.of(
                run("a", Map.of("lr", "0.01", "depth", "3", "optimizer", "adagrad", "seed", "1"), 0.80),
                run("b", Map.of("lr", "0.1", "depth", "5", "optimizer", "sgd", "seed", "1"), 0.90),
                run("c", Map.of("lr", "0.06", "depth", "4", "optimizer", "adagrad", "seed", "1"), 0.85));
        assertEquals(List.of("depth", "lr", "optimizer"), ParallelCoordinatesBuilder.varyingParams(runs), "seed is constant");
        JFreeChart chart = ParallelCoordinatesBuilder.build(runs, "val_auc");
        XYDataset d = chart.getXYPlot().getDataset();
        assertEquals(3, d.getSeriesCount());
        assertEquals(4, d.getItemCount(0), "depth, lr, optimizer, val_auc");
        // run b: deepest, highest lr, 'sgd' (last category), best AUC -> all at the top
        for (int a = 0; a < 4; a++) {
            assertEquals(1.0, d.getYValue(1, a), 1e-12);
            assertEquals(0.0, d.getYValue(0, a), 1e-12);
        }
        assertEquals(0.5, d.getYValue(2, 0), 1e-12);
        assertEquals(0.5, d.getYValue(2, 3), 1e-9);
    }

    @Test
    void tooFewRunsGiveAHintInsteadOfAChart() {
        JFreeChart chart = ParallelCoordinatesBuilder.build(List.of(run("a", Map.of("lr", "1"), 0.5)), "val_auc");
        assertEquals(0, chart.getXYPlot().getDatasetCount() == 0 ? 0 : chart.getXYPlot().getDataset() == null ? 0
                : chart.getXYPlot().getDataset().getSeriesCount());
        assertTrue(chart.getXYPlot().getNoDataMessage().contains("at least two runs"));
    }
}
