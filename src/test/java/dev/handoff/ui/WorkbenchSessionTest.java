package dev.handoff.ui;

import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import dev.handoff.runs.Run;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.prefs.Preferences;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static dev.handoff.ui.WorkbenchDriver.openSample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a session leaves behind and the everyday controls: remembered layout and theme, column chooser, Esc. */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class WorkbenchSessionTest {
    private TestWorkbench fixture;
    private Workbench workbench;
    private Stage stage;
    private Preferences node;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        fixture = TestWorkbench.show(stage);
        workbench = fixture.workbench;
        node = fixture.node;
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void windowSizeDividersAndThemeAreRestoredInTheNextSession(FxRobot robot) throws Exception {
        // first session: the user resizes the window, drags the dividers and turns the dark theme on
        fx(() -> {
            stage.setWidth(1100);
            stage.setHeight(700);
            main(workbench).setDividerPositions(0.25, 0.7);
            center(workbench).setDividerPositions(0.6);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("View").clickOn("Dark theme");
        waitUntil(() -> fx(() -> dark(workbench)));
        double[] mainBefore = fx(() -> main(workbench).getDividerPositions());
        double[] centerBefore = fx(() -> center(workbench).getDividerPositions());
        assertEquals(0.25, mainBefore[0], 0.01);
        assertEquals(0.6, centerBefore[0], 0.01);
        // the user closes the window
        fx(() -> {
            stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            stage.hide();
            workbench.close();
            return null;
        });

        // next session on the same preferences
        Workbench next = fx(() -> {
            Workbench w = new Workbench(new WorkbenchPrefs(node));
            w.show(stage);
            return w;
        });
        workbench = next;
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1100, fx(() -> stage.getScene().getWidth()), 0.5);
        assertEquals(700, fx(() -> stage.getScene().getHeight()), 0.5);
        assertArrayEquals(mainBefore, fx(() -> main(next).getDividerPositions()), 0.005);
        assertArrayEquals(centerBefore, fx(() -> center(next).getDividerPositions()), 0.005);
        assertTrue(fx(() -> dark(next)), "dark theme again");
        CheckMenuItem darkItem = fx(() -> (CheckMenuItem) ((MenuBar) ((BorderPane) next.root()).getTop()).getMenus()
                .stream().filter(m -> m.getText().equals("View")).findFirst().orElseThrow().getItems().get(0));
        assertTrue(fx(darkItem::isSelected), "the View menu shows the theme in use");
        FxTesting.snapshot(stage, "restored-layout-dark");

        // turning it off is remembered as well
        robot.clickOn("View").clickOn("Dark theme");
        waitUntil(() -> !fx(() -> dark(next)));
        assertFalse(new WorkbenchPrefs(node).getBoolean("theme.dark", true));
    }

    @Test
    void columnChooserAddsAndRemovesColumnsAndKeepsTheChoiceOnReload(FxRobot robot, @TempDir Path dir) throws Exception {
        openSample(workbench);
        assertFalse(columnIds().contains("col-params.n_estimators"), "not among the default columns");
        assertTrue(columnIds().contains("col-metrics.loss"));

        robot.clickOn("#columnsMenu").clickOn("param: n_estimators");
        waitUntil(() -> columnIds().contains("col-params.n_estimators"));
        assertEquals("300", fx(() -> cell("col-params.n_estimators", "b2")), "the column shows the param");
        assertEquals("", fx(() -> cell("col-params.n_estimators", "a0")), "blank where a run lacks it");

        robot.clickOn("#columnsMenu").clickOn("metric: loss");
        waitUntil(() -> !columnIds().contains("col-metrics.loss"));
        FxTesting.snapshot(stage, "column-chooser");

        Path csv = dir.resolve("runs.csv");
        fx(() -> {
            workbench.exports().exportRunsCsv(csv);
            return null;
        });
        List<String> header = List.of(Files.readAllLines(csv).get(0).split(","));
        assertTrue(header.contains("params.n_estimators"), header.toString());
        assertFalse(header.contains("metrics.loss"), header.toString());

        List<String> before = columnIds();
        robot.press(KeyCode.CONTROL, KeyCode.R).release(KeyCode.R, KeyCode.CONTROL);
        waitUntil(() -> fx(() -> workbench.tasks().running().isEmpty()) && workbench.runsPane().runs().size() == 8);
        assertEquals(before, columnIds(), "reloading keeps the chosen columns");
        CheckMenuItem loss = fx(() -> (CheckMenuItem) workbench.runsPane().getChildrenUnmodifiable().stream()
                .flatMap(n -> n.lookupAll("#columnsMenu").stream()).map(n -> (javafx.scene.control.MenuButton) n)
                .findFirst().orElseThrow().getItems().stream()
                .filter(i -> "metric: loss".equals(i.getText())).findFirst().orElseThrow());
        assertFalse(fx(loss::isSelected), "the menu shows the choice");
    }

    @Test
    void escapeCancelsTheRunningLoad(FxRobot robot) throws Exception {
        InMemoryRunSource big = InMemoryRunSource.generated(2000);
        CountDownLatch gate = new CountDownLatch(1);
        big.pageGate = gate;
        fx(() -> {
            workbench.openSource(big);
            return null;
        });
        // the listing has its first page and waits for the second
        waitUntil(() -> fx(() -> workbench.tasks().running().stream()
                .anyMatch(t -> String.valueOf(t.getMessage()).startsWith("Loaded"))));
        Button cancel = (Button) fx(() -> stage.getScene().lookup("#cancelTasks"));
        assertFalse(fx(cancel::isDisabled));

        // with the focus where the window opens it (a button of the sources pane)
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> fx(() -> workbench.tasks().running().isEmpty()));
        String status = fx(() -> workbench.tasks().statusBar().getText());
        assertTrue(status.endsWith("cancelled"), status);
        assertTrue(fx(cancel::isDisabled));
        // let the cancelled listing's work run to its end, whatever it does with the open gate, then take in all it
        // posted to the FX thread: none of it may show
        gate.countDown();
        assertTrue(workbench.tasks().awaitIdle(Duration.ofSeconds(20)), "the cancelled listing's work ends");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, workbench.runsPane().runs().size(), "a cancelled listing shows nothing half-done");
        FxTesting.snapshot(stage, "load-cancelled");

        // the workbench is still usable: reloading lists every run
        robot.press(KeyCode.CONTROL, KeyCode.R).release(KeyCode.R, KeyCode.CONTROL);
        waitUntil(() -> workbench.runsPane().runs().size() == 2000);
        assertEquals("2000 runs", fx(() -> ((Label) stage.getScene().lookup("#runCount")).getText()));
    }

    // --- helpers

    private static SplitPane main(Workbench w) {
        return (SplitPane) ((BorderPane) w.root()).getCenter();
    }

    private static SplitPane center(Workbench w) {
        return (SplitPane) main(w).getItems().get(1);
    }

    private static boolean dark(Workbench w) {
        return w.root().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css"));
    }

    private List<String> columnIds() throws Exception {
        return fx(() -> {
            List<String> ids = new ArrayList<>();
            for (TreeTableColumn<Run, ?> c : workbench.runsPane().table().getColumns()) {
                ids.add(c.getId());
            }
            return ids;
        });
    }

    /** The text the column with {@code columnId} shows for run {@code runId}. */
    private String cell(String columnId, String runId) {
        var table = workbench.runsPane().table();
        TreeTableColumn<Run, ?> col = table.getColumns().stream().filter(c -> columnId.equals(c.getId()))
                .findFirst().orElseThrow();
        for (int i = 0; i < table.getExpandedItemCount(); i++) {
            TreeItem<Run> item = table.getTreeItem(i);
            if (item.getValue().id().equals(runId)) {
                Object v = col.getCellData(item);
                return v == null ? "" : ((dev.handoff.ui.model.RunColumn) col.getUserData()).text(item.getValue());
            }
        }
        throw new AssertionError("no row " + runId);
    }
}
