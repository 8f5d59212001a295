package dev.handoff.ui.review;

import dev.handoff.drift.DriftReport;
import dev.handoff.drift.SampleBundle;
import dev.handoff.ui.task.TaskRunner;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.snapshot;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.*;

/** The Drift tab on the sample bundle: drifted.csv in the background, verdicts by severity, bars, export, cancel. */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class DriftTabTest {
    @TempDir
    static Path dir;
    static Path bundle;
    private Stage stage;
    private TaskRunner tasks;
    private DriftTab drift;

    @BeforeAll
    static void exportBundle() throws Exception {
        bundle = SampleBundle.export(dir.resolve("bundle"));
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Scene scene = new Scene(new BorderPane(), 1280, 800);
        scene.getStylesheets().add(DriftTab.class.getResource("/dev/handoff/ui/workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @BeforeEach
    void createTab() throws Exception {
        fx(() -> {
            tasks = new TaskRunner(2);
            drift = new DriftTab(bundle, tasks);
            BorderPane root = new BorderPane(new TabPane(drift.tab()));
            root.setBottom(tasks.statusBar());
            stage.getScene().setRoot(root);
            return null;
        });
    }

    @AfterEach
    void closeTasks() throws Exception {
        fx(() -> {
            tasks.close();
            return null;
        });
    }

    @Test
    void driftedDataShowsTheShiftedColumnsFirst() throws Exception {
        fx(() -> {
            drift.openCsv(SampleBundle.data("drifted.csv"));
            return null;
        });
        // the Compare button, as a click fires it (a robot click needs the window on screen, which CI may not give)
        fx(() -> {
            javafx.scene.control.Button run = (javafx.scene.control.Button) stage.getScene().lookup("#driftRun");
            assertFalse(run.isDisabled(), "Compare is enabled once a CSV is chosen");
            run.fire();
            return null;
        });
        waitUntil(() -> fx(() -> drift.reportProperty().get()) != null);
        List<DriftReport.ColumnDrift> rows = fx(() -> List.copyOf(drift.table().getItems()));
        assertEquals(9, rows.size());
        assertEquals(List.of("debt_ratio", "group", "loan_amount"),
                rows.subList(0, 3).stream().map(DriftReport.ColumnDrift::column).sorted().toList(), "drifted first");
        assertTrue(rows.subList(0, 3).stream().allMatch(DriftReport.ColumnDrift::drifted));
        assertTrue(rows.subList(3, 9).stream().noneMatch(DriftReport.ColumnDrift::drifted));
        for (int i = 4; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).psi() >= rows.get(i).psi(), "then by PSI");
        }
        assertNotNull(fx(() -> drift.reportProperty().get().score()), "the score is compared");
        assertNotNull(fx(() -> ((org.jfree.chart.fx.ChartViewer) stage.getScene().lookup("#driftScoreChart")).getChart()));
        assertNotNull(fx(() -> ((org.jfree.chart.fx.ChartViewer) stage.getScene().lookup("#driftColumnChart")).getChart()));
        snapshot(stage, "drift-tab");

        Path html = dir.resolve("drift.html");
        Path png = dir.resolve("drift.png");
        fx(() -> {
            drift.exportHtml(html);
            drift.exportPng(png);
            return null;
        });
        assertTrue(Files.readString(html).contains("loan_amount"));
        assertTrue(Files.size(png) > 10_000);
    }

    @Test
    void aRunCanBeCancelledAndAFailureNamesTheColumn() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "income,debt_ratio\n1,2\n");
        fx(() -> {
            drift.openCsv(SampleBundle.data("drifted.csv"));
            drift.compare();
            drift.cancel();
            return null;
        });
        assertFalse(fx(() -> drift.isRunning()));
        assertNull(fx(() -> drift.reportProperty().get()), "a cancelled run shows nothing");
        fx(() -> {
            drift.openCsv(bad);
            drift.compare();
            return null;
        });
        waitUntil(() -> !fx(() -> drift.isRunning()));
        String status = fx(() -> ((javafx.scene.control.Label) ((javafx.scene.layout.VBox) ((BorderPane) drift.content()).getTop())
                .getChildren().get(2)).getText());
        assertTrue(status.contains("bad.csv") && status.contains("credit_history_years"), status);
    }
}
