package dev.handoff.ui;

import dev.handoff.bundle.view.SavedView;
import dev.handoff.bundle.view.SavedViewFiles;
import dev.handoff.bundle.view.SavedViews;
import dev.handoff.metrics.Smoothing;
import dev.handoff.metrics.XMode;
import dev.handoff.runs.Run;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.handoff.ui.CompareViewTest.SGD_01;
import static dev.handoff.ui.CompareViewTest.SGD_05;
import static dev.handoff.ui.CompareViewTest.SGD_3;
import static dev.handoff.ui.CompareViewTest.XGB_1;
import static dev.handoff.ui.CompareViewTest.XGB_3;
import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.snapshot;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A view saved on the credit-risk sample, the selection and chart settings changed, the view reopened. */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class SavedViewTest {
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

    private List<String> selected() throws Exception {
        return fx(() -> workbench.runsPane().selectedRuns().stream().map(Run::id).sorted().toList());
    }

    private void chartSettings(XMode x, Smoothing s, boolean log, List<String> keys) throws Exception {
        fx(() -> {
            ChartsPane charts = workbench.chartsPane();
            charts.xMode().setValue(x);
            charts.smoothingControl().set(s);
            charts.logY().setSelected(log);
            charts.metricKeys().getCheckModel().clearChecks();
            keys.forEach(k -> charts.metricKeys().getCheckModel().check(k));
            return null;
        });
    }

    @Test
    void aSavedViewRestoresSelectionChartsAndComparison(FxRobot robot, @TempDir Path dir) throws Exception {
        SavedViews store = new SavedViews(dir.resolve("views"));
        fx(() -> {
            workbench.savedViews.setStore(store);
            return null;
        });
        CompareViewTest.openCreditRisk(workbench);
        WorkbenchDriver.selectRuns(workbench, SGD_01, SGD_05, SGD_3);
        chartSettings(XMode.RELATIVE_TIME, new Smoothing(Smoothing.Kind.GAUSSIAN, 3), true, List.of("val_loss", "train_loss"));
        fx(() -> {
            workbench.compareSelected();
            workbench.comparePane().setBaseline(SGD_05);
            workbench.comparePane().setDifferencesOnly(true);
            return null;
        });
        Path file = fx(() -> workbench.savedViews.save("SGD learning rates"));
        assertTrue(Files.exists(file), file.toString());
        SavedView written = SavedViewFiles.read(file);
        assertEquals(List.of(SGD_01, SGD_05, SGD_3), written.runIds().stream().sorted().toList());
        assertEquals("RELATIVE_TIME", written.chartOptions().get("xMode").asText(), "chart options saved as a whole");

        // change everything the view holds
        WorkbenchDriver.selectRuns(workbench, XGB_3, XGB_1);
        chartSettings(XMode.STEP, Smoothing.NONE, false, List.of("val_auc"));
        fx(() -> {
            workbench.comparePane().setDifferencesOnly(false);
            workbench.comparePane().setBaseline(null);
            return null;
        });
        assertEquals(List.of(XGB_3, XGB_1).stream().sorted().toList(), selected());
        // and show only the CART experiment: the view's runs are not even listed now
        fx(() -> {
            var list = workbench.sourcesPane().experiments();
            list.getSelectionModel().clearSelection();
            for (int i = 0; i < list.getItems().size(); i++) {
                if (list.getItems().get(i).id().equals("2")) {
                    list.getSelectionModel().select(i);
                }
            }
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 4);

        List<SavedView> saved = fx(() -> workbench.savedViews.saved());
        assertEquals(List.of("SGD learning rates"), saved.stream().map(SavedView::name).toList());
        fx(() -> {
            workbench.savedViews.open(saved.get(0));
            return null;
        });
        waitUntil(() -> fx(() -> workbench.savedViews.lastMessage()).startsWith("Opened view"));
        assertEquals(10, fx(() -> workbench.runsPane().runs().size()), "its experiments reselected and listed");
        assertEquals(List.of(SGD_01, SGD_05, SGD_3).stream().sorted().toList(), selected());
        assertEquals(XMode.RELATIVE_TIME, fx(() -> workbench.chartsPane().xMode().getValue()));
        assertEquals(new Smoothing(Smoothing.Kind.GAUSSIAN, 3), fx(() -> workbench.chartsPane().smoothingControl().value()));
        assertTrue(fx(() -> workbench.chartsPane().logY().isSelected()));
        assertEquals(List.of("train_loss", "val_loss"),
                fx(() -> workbench.chartsPane().metricKeys().getCheckModel().getCheckedItems().stream().sorted().toList()));
        assertTrue(fx(() -> workbench.comparePane().differencesOnly()));
        assertEquals("Opened view 'SGD learning rates'", fx(() -> workbench.savedViews.lastMessage()));
        fx(() -> {
            workbench.compareSelected();
            return null;
        });
        assertEquals(SGD_05, fx(() -> workbench.comparePane().baselineRunId()), "the baseline follows its run");
        fx(() -> {
            robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream()
                    .filter(t -> t.getTabs().stream().anyMatch(tab -> tab.getText().equals("Charts")))
                    .forEach(t -> t.getSelectionModel().select(0));
            return null;
        });
        CompareViewTest.roomForTheViews(robot, workbench);
        waitUntil(() -> WorkbenchDriver.chart(workbench, "val_loss") != null
                && WorkbenchDriver.chart(workbench, "val_loss").getXYPlot().getDataset(0).getSeriesCount() >= 3);
        snapshot(stage, "saved-view-reopened");
    }

    @Test
    void aSharedViewWithRunsTheSourceLacksNamesThemAndAppliesTheRest(@TempDir Path dir) throws Exception {
        CompareViewTest.openCreditRisk(workbench);
        WorkbenchDriver.selectRuns(workbench, XGB_3, XGB_1);
        chartSettings(XMode.STEP, Smoothing.NONE, true, List.of("val_auc"));
        Path shared = dir.resolve("shared.json");
        fx(() -> {
            workbench.savedViews.saveToFile(shared, "xgb");
            return null;
        });
        SavedView v = SavedViewFiles.read(shared);
        List<String> ids = new ArrayList<>(v.runIds());
        ids.add("0000deadbeef");
        SavedViewFiles.write(shared, new SavedView(v.format(), v.name(), "http://elsewhere:5000", v.experimentIds(), ids,
                v.charts(), v.chartOptions(), v.compare(), v.savedAt()));
        WorkbenchDriver.selectRuns(workbench, SGD_01);
        chartSettings(XMode.STEP, Smoothing.NONE, false, List.of("val_loss"));

        fx(() -> {
            workbench.savedViews.open(shared);
            return null;
        });
        assertEquals(List.of(XGB_3, XGB_1).stream().sorted().toList(), selected());
        assertTrue(fx(() -> workbench.chartsPane().logY().isSelected()));
        assertEquals("Opened view 'xgb'; 1 of 3 run(s) not in this source: 0000deadbeef (the rest applied)",
                fx(() -> workbench.savedViews.lastMessage()));
        assertTrue(fx(() -> workbench.detailPane().problems().stream().anyMatch(p -> p.contains("0000deadbeef"))),
                "and listed in Problems");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"handoff-view/1\", ");
        fx(() -> {
            workbench.savedViews.open(broken);
            return null;
        });
        String message = fx(() -> workbench.savedViews.lastMessage());
        assertTrue(message.startsWith("Could not open view: " + broken + ": not valid JSON"), message);
        assertEquals(List.of(XGB_3, XGB_1).stream().sorted().toList(), selected(), "nothing changed");
    }
}
