package dev.handoff.ui;

import dev.handoff.explain.sweep.ParamImportance;
import dev.handoff.ui.model.CompareModel;
import javafx.scene.control.ScrollBar;
import javafx.geometry.Orientation;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.snapshot;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compare view on the credit-risk sample: five runs side by side with differences only and a baseline, and the
 * parameter importance of the sweep for a metric.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class CompareViewTest {
    static final String SGD_01 = "57bc64057002433bb8881b2c4b1bbc31";
    static final String SGD_05 = "eb7807455c8d4065af99b12aa512b261";
    static final String SGD_3 = "f7af0a4828f442509ae1e4c371768da7";
    static final String XGB_3 = "3120789c3735482abbd84ff3e95d8a24";
    static final String XGB_1 = "9458be63874d44859adbc3e3d9394f6a";
    static final String SWEEP_PARENT = "6dfe2ae6da504665b748954689d93ec1";
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

    /** Opens sample-projects/credit-risk and waits for its 10 runs. */
    static void openCreditRisk(Workbench workbench) throws Exception {
        Path sample = Path.of(System.getProperty("handoff.repo", "."), "sample-projects", "credit-risk");
        fx(() -> {
            workbench.open(sample.toString());
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 10);
    }

    /** Gives the views (charts, compare) most of the window's height, as a user comparing runs would. */
    static void roomForTheViews(FxRobot robot, Workbench workbench) throws Exception {
        fx(() -> {
            robot.lookup(".split-pane").queryAllAs(javafx.scene.control.SplitPane.class).stream()
                    .filter(p -> p.getItems().contains(workbench.runsPane()))
                    .forEach(p -> p.setDividerPositions(0.3));
            return null;
        });
    }

    private static CompareModel.Row row(List<CompareModel.Row> rows, String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow(() -> new AssertionError(label));
    }

    @Test
    void fiveRunsSideBySideWithDifferencesOnlyAndABaseline(FxRobot robot) throws Exception {
        openCreditRisk(workbench);
        WorkbenchDriver.selectRuns(workbench, SGD_01, SGD_05, SGD_3, XGB_3, XGB_1);
        FxTesting.clickWhenEnabled(robot, "#compareButton");
        waitUntil(() -> fx(() -> workbench.comparePane().compared().size() == 5));
        fx(() -> {
            robot.lookup("#differencesOnly").queryAs(javafx.scene.control.CheckBox.class).fire();
            workbench.comparePane().setBaseline(SGD_05);
            return null;
        });
        ComparePane pane = workbench.comparePane();
        waitUntil(() -> fx(() -> pane.table().getItems().stream().anyMatch(r -> r.section().equals("best"))));
        List<CompareModel.Row> shown = fx(() -> List.copyOf(pane.table().getItems()));
        assertTrue(shown.stream().allMatch(CompareModel.Row::differs), "differences only");
        assertFalse(shown.stream().anyMatch(r -> r.field().equals("seed") || r.field().equals("train_rows")),
                "params equal in all five runs are hidden: " + shown.stream().map(CompareModel.Row::label).toList());
        assertTrue(fx(() -> pane.rows().stream().anyMatch(r -> r.field().equals("seed"))), "but still compared");
        assertEquals(6, fx(() -> pane.table().getColumns().size()), "the field and one column per run");
        assertEquals(SGD_05, fx(pane::baselineRunId));
        List<String> order = fx(() -> pane.compared().stream().map(r -> r.id()).toList());
        int base = order.indexOf(SGD_05);
        assertTrue(fx(() -> pane.table().getColumns().get(base + 1).getText()).endsWith("(baseline)"));

        CompareModel.Row lr = row(shown, "learning_rate");
        List<CompareModel.Delta> deltas = lr.deltas(base);
        assertEquals("-0.04 (-80.0%)", deltas.get(order.indexOf(SGD_01)).text());
        assertEquals("+0.25 (+500.0%)", deltas.get(order.indexOf(SGD_3)).text());
        assertEquals("missing", deltas.get(order.indexOf(XGB_1)).text(), "the XGBoost runs have no learning rate");
        assertEquals("changed", row(shown, "trainer").deltas(base).get(order.indexOf(XGB_3)).text());

        // five 150 px run columns do not fit beside the charts: the table scrolls sideways
        waitUntil(() -> fx(() -> robot.lookup("#compareTable .scroll-bar").queryAll().stream()
                .anyMatch(n -> n instanceof ScrollBar s && s.getOrientation() == Orientation.HORIZONTAL && s.isVisible())));
        roomForTheViews(robot, workbench);
        snapshot(stage, "compare-baseline-differences");
    }

    @Test
    void parameterImportanceOfTheSweepForAMetric(FxRobot robot) throws Exception {
        openCreditRisk(workbench);
        List<String> children = fx(() -> workbench.runsPane().runs().stream().map(r -> r.id())
                .filter(id -> !id.equals(SWEEP_PARENT)).toList());
        WorkbenchDriver.selectRuns(workbench, children.toArray(String[]::new));
        fx(() -> {
            workbench.compareSelected();
            workbench.comparePane().importance().chooseMetric("val_auc");
            return null;
        });
        ParamImportancePanel panel = workbench.comparePane().importance();
        waitUntil(() -> fx(() -> !panel.table().getItems().isEmpty()));
        List<ParamImportance.Entry> entries = fx(() -> List.copyOf(panel.table().getItems()));
        List<String> params = entries.stream().map(ParamImportance.Entry::param).toList();
        assertTrue(params.containsAll(List.of("trainer", "max_depth", "learning_rate")), params.toString());
        assertFalse(params.contains("seed"), "the same in every run: " + params);
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i - 1).importance() >= entries.get(i).importance(), "most important first: " + entries);
        }
        assertTrue(fx(() -> panel.status().getText()).startsWith("9 runs (the compared runs)"),
                fx(() -> panel.status().getText()));
        roomForTheViews(robot, workbench);
        snapshot(stage, "compare-param-importance");

        fx(() -> {
            panel.chooseMetric("best_val_auc");
            return null;
        });
        waitUntil(() -> fx(() -> panel.status().getText().startsWith("Parameter importance needs at least 3 runs")));
        assertEquals("Parameter importance needs at least 3 runs with metric 'best_val_auc'; 0 of the 9 run(s) have it",
                fx(() -> panel.status().getText()));
        assertTrue(fx(() -> panel.table().getItems().isEmpty()));
    }
}
