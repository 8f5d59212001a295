package dev.handoff.ui;

import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.Run;
import dev.handoff.ui.models.ModelsPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.snapshot;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Models view on the in-memory sample's registry: versions with their aliases, tags and logged model; Show run
 * selects a run of an experiment not selected; Chart / Compare versions select the versions' runs; a source without a
 * registry shows a message. Run detail shows a run's datasets and logged models.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ModelsViewTest {
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

    private ModelsPane showModels() throws Exception {
        fx(() -> {
            var tab = workbench.models().tab();
            tab.getTabPane().getSelectionModel().select(tab);
            return null;
        });
        return workbench.models().pane();
    }

    private TabPane views() {
        return workbench.models().tab().getTabPane();
    }

    private Set<String> selectedRunIds() throws Exception {
        return fx(() -> workbench.runsPane().selectedRuns().stream().map(Run::id).collect(Collectors.toSet()));
    }

    private void selectVersions(ModelsPane pane, int... rows) throws Exception {
        fx(() -> {
            var sel = pane.versionsTable().getSelectionModel();
            sel.clearSelection();
            for (int r : rows) {
                sel.select(r);
            }
            return null;
        });
    }

    @Test
    void versionsWithAliasesShowRunAcrossExperimentsAndChartOrCompareVersions(FxRobot robot) throws Exception {
        WorkbenchDriver.openSample(workbench);
        // leave out credit-risk-linear: the champion's run c0 is then not in the runs table
        fx(() -> {
            workbench.sourcesPane().experiments().getSelectionModel().clearSelection(2);
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 6);

        ModelsPane pane = showModels();
        waitUntil(() -> pane.modelsList().getItems().size() == 2 && pane.versionsTable().getItems().size() == 3);
        assertTrue(pane.message().startsWith("2 registered models"), pane.message());
        List<ModelVersion> versions = fx(() -> List.copyOf(pane.versionsTable().getItems()));
        assertEquals(List.of("1", "2", "3"), versions.stream().map(ModelVersion::version).toList());
        var aliases = fx(() -> pane.versionsTable().getColumns().get(1));
        assertEquals("@challenger", fx(() -> aliases.getCellData(1)));
        assertEquals("@champion", fx(() -> aliases.getCellData(2)));
        assertEquals("validated=yes", fx(() -> pane.versionsTable().getColumns().get(5).getCellData(1)));

        // version 2: its MLflow 3 logged model, read in the background
        selectVersions(pane, 1);
        waitUntil(() -> pane.detailTable().getItems().stream().anyMatch(r -> r[0].equals("param eta")));
        assertTrue(fx(() -> pane.detailTable().getItems().stream().anyMatch(r -> r[0].equals("logged model")
                && r[1].startsWith(InMemoryRunSource.LOGGED_MODEL))));
        fx(() -> { // more room for the views, as a user would drag the divider, for the snapshot
            for (var p = views().getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.SplitPane split
                        && split.getOrientation() == javafx.geometry.Orientation.VERTICAL) {
                    split.setDividerPositions(0.3);
                    break;
                }
            }
            return null;
        });
        snapshot(stage, "models-view");

        // Show run of the champion: its experiment is selected again and c0 selected in the runs table
        selectVersions(pane, 2);
        robot.clickOn("#showRunButton");
        waitUntil(() -> selectedRunIds().equals(Set.of("c0")));
        assertEquals(8, workbench.runsPane().runs().size(), "credit-risk-linear is listed again");

        // Chart versions (one version selected: every version's run), on the Charts tab
        selectVersions(pane, 0);
        robot.clickOn("#chartVersionsButton");
        waitUntil(() -> selectedRunIds().equals(Set.of("a0", "b2", "c0")));
        assertEquals(0, fx(() -> views().getSelectionModel().getSelectedIndex()));

        // Compare versions: the two selected versions' runs, compared
        showModels();
        selectVersions(pane, 0, 1);
        robot.clickOn("#compareVersionsButton");
        waitUntil(() -> selectedRunIds().equals(Set.of("a0", "b2")));
        assertEquals("compareTab", fx(() -> views().getSelectionModel().getSelectedItem().getId()));
        assertFalse(workbench.failureBar().isVisible());
    }

    @Test
    void aSourceWithoutARegistryShowsAMessageNotAnError() throws Exception {
        InMemoryRunSource plain = InMemoryRunSource.generated(12);
        fx(() -> {
            workbench.openSource(plain);
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 12);
        ModelsPane pane = showModels();
        waitUntil(() -> pane.message().contains("has no Model Registry"));
        assertTrue(fx(() -> pane.modelsList().getItems().isEmpty()));
        assertFalse(workbench.failureBar().isVisible());
        assertTrue(workbench.detailPane().problems().isEmpty(), workbench.detailPane().problems().toString());
        snapshot(stage, "models-no-registry");
    }

    @Test
    void runDetailShowsDatasetsAndLoggedModels() throws Exception {
        WorkbenchDriver.openSample(workbench);
        WorkbenchDriver.selectRuns(workbench, "a0");
        var lineage = workbench.detailPane().lineage();
        waitUntil(() -> lineage.datasetsTable().getItems().size() == 2);
        var train = fx(() -> lineage.datasetsTable().getItems().get(1));
        assertEquals("credit-train", train.name());
        assertEquals("d43fc66c", train.digest());
        assertEquals("training", train.context());
        assertEquals("local: {\"uri\": \"data/train.csv\"}", fx(() -> lineage.datasetsTable().getColumns().get(3).getCellData(1)));
        fx(() -> {
            workbench.detailPane().getSelectionModel().select(lineage.tabs().get(0));
            return null;
        });
        snapshot(stage, "run-detail-datasets");

        WorkbenchDriver.selectRuns(workbench, "b2");
        waitUntil(() -> lineage.loggedModelsTable().getItems().size() == 1);
        assertEquals(InMemoryRunSource.LOGGED_MODEL, fx(() -> lineage.loggedModelsTable().getItems().get(0).modelId()));
        assertTrue(fx(() -> lineage.datasetsTable().getItems().isEmpty()));
        fx(() -> {
            workbench.detailPane().getSelectionModel().select(lineage.tabs().get(1));
            return null;
        });
        snapshot(stage, "run-detail-logged-models");
    }
}
