package dev.handoff.ui;

import dev.handoff.metrics.Aggregate;
import dev.handoff.metrics.Band;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.source.RunSources;
import dev.handoff.ui.model.RunColumn;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Summary columns of full histories in the runs table (val_auc.max, val_loss.step_of_best), the Group column with
 * counts, and a summary filter applied to the sample project.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class SummaryColumnsViewTest {
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

    /** Each run's full-history max of val_auc, read from the store. */
    private static Map<String, Double> maxAuc(List<Run> runs) throws Exception {
        Map<String, Double> out = new HashMap<>();
        try (RunSource store = RunSources.open(GroupingViewTest.PROJECT.toString())) {
            for (Run r : runs) {
                if (r.latestMetrics().containsKey("val_auc")) {
                    MetricSeries s = store.getMetricHistory(r.id(), "val_auc");
                    out.put(r.id(), Arrays.stream(s.values()).filter(Double::isFinite).max().orElseThrow());
                }
            }
        }
        return out;
    }

    private String cell(String columnId, Run run) throws Exception {
        return fx(() -> workbench.runsPane().visibleColumns().stream().filter(c -> c.id().equals(columnId))
                .findFirst().map(c -> c.text(run)).orElse(null));
    }

    @Test
    void summaryColumnsGroupColumnAndASummaryFilter() throws Exception {
        fx(() -> {
            workbench.open(GroupingViewTest.PROJECT.toString());
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 10);
        List<Run> all = fx(() -> workbench.runsPane().runs());
        Map<String, Double> max = maxAuc(all);
        fx(() -> {
            workbench.runsPane().summaries().choose("val_auc.max", true);
            workbench.runsPane().summaries().choose("val_loss.step_of_best", true);
            workbench.chartsPane().grouping().set("params.trainer", Aggregate.MEAN, Band.MINMAX);
            return null;
        });
        Run some = all.stream().filter(r -> max.containsKey(r.id())).findFirst().orElseThrow();
        waitUntil(() -> !cell("summary.val_auc.max", some).isEmpty());
        for (Run r : all) {
            String expected = max.containsKey(r.id()) ? RunColumn.formatNumber(max.get(r.id())) : "";
            assertEquals(expected, cell("summary.val_auc.max", r), r.displayName());
        }
        Run sgd = all.stream().filter(r -> "logreg-adagrad-lr0.01".equals(r.displayName())).findFirst().orElseThrow();
        assertTrue(cell("summary.val_loss.step_of_best", sgd).matches("\\d+"), "a step");
        assertEquals("LinearSGDTrainer (3)", cell("group", sgd));
        long computed = fx(() -> workbench.runsPane().summaries().values().computed());
        FxTesting.snapshot(stage, "summary-columns");

        // the filter: runs whose val_auc ever exceeded the median of the maxima, though it may have dropped since
        double[] maxima = max.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double limit = Math.floor(maxima[maxima.length / 2] * 1000) / 1000;
        Set<String> expected = new TreeSet<>();
        max.forEach((id, m) -> {
            if (m > limit) {
                expected.add(id);
            }
        });
        assertFalse(expected.isEmpty());
        fx(() -> {
            TextField f = (TextField) stage.getScene().lookup("#filterExpression");
            f.setText("metrics.val_auc.max > " + limit);
            f.fireEvent(new javafx.event.ActionEvent());
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == expected.size());
        Set<String> shown = new TreeSet<>();
        fx(() -> workbench.runsPane().runs()).forEach(r -> shown.add(r.id()));
        assertEquals(expected, shown);
        waitUntil(() -> !cell("summary.val_auc.max", fx(() -> workbench.runsPane().runs().get(0))).isEmpty());
        assertEquals(computed, (long) fx(() -> workbench.runsPane().summaries().values().computed()),
                "the summaries of the filtered runs were computed once, before");
        FxTesting.snapshot(stage, "summary-filter");

        fx(() -> {
            TextField f = (TextField) stage.getScene().lookup("#filterExpression");
            f.setText("metrics.val_auc.maxx > 0.8");
            f.fireEvent(new javafx.event.ActionEvent());
            return null;
        });
        waitUntil(() -> fx(() -> ((javafx.scene.control.Label) stage.getScene().lookup("#filterError")).getText())
                .contains("unknown metric summary 'maxx'"));
    }
}
