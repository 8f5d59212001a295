package dev.handoff.ui.status;

import dev.handoff.ui.FxTesting;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status bar's failure message opens a dialog with the whole cause chain, the stack trace and the log file. */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class StatusBarTest {
    private static final Path LOG = Path.of("/home/ana/.local/state/handoff-workbench/handoff.log");
    private StatusBar bar;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        bar = new StatusBar(LOG);
        BorderPane root = new BorderPane();
        root.setBottom(bar);
        stage.setScene(new Scene(root, 720, 120));
        stage.show();
    }

    @AfterEach
    void closeDialogs() throws Exception {
        fx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) {
                    s.close();
                }
            }
            return null;
        });
    }

    private static Optional<DialogPane> dialog() {
        return Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot() instanceof DialogPane)
                .map(w -> (DialogPane) w.getScene().getRoot()).findFirst();
    }

    private static String text(DialogPane pane, String id) {
        return ((TextArea) pane.lookup("#" + id)).getText();
    }

    @Test
    void clickingAFailureOpensItsCauseChainStackTraceAndLogFile(FxRobot robot) throws Exception {
        Exception failure = new IllegalStateException("listing stopped after 40 runs",
                new IOException("http://127.0.0.1:5000/api/2.0/mlflow/runs/search: connection failed",
                        new SocketException("Connection reset")));
        fx(() -> {
            bar.showFailure("Could not read runs of credit-risk", failure);
            return null;
        });
        assertEquals("Could not read runs of credit-risk: listing stopped after 40 runs", fx(bar::message));
        assertTrue(fx(() -> robot.lookup("#statusDetails").query().isVisible()));
        FxTesting.snapshot(stage, "status-bar-failure");

        robot.clickOn("#statusMessage");
        waitUntil(() -> dialog().isPresent());
        DialogPane pane = fx(() -> dialog().orElseThrow());
        assertEquals("Could not read runs of credit-risk", fx(pane::getHeaderText));
        String chain = fx(() -> text(pane, "failureCauses"));
        assertEquals("""
                java.lang.IllegalStateException: listing stopped after 40 runs
                caused by java.io.IOException: http://127.0.0.1:5000/api/2.0/mlflow/runs/search: connection failed
                caused by java.net.SocketException: Connection reset""", chain);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertTrue(chain.contains(t.getMessage()), "the chain shows " + t.getMessage());
        }
        assertEquals("Log file: " + LOG, fx(() -> ((Label) pane.lookup("#failureLogFile")).getText()));
        fx(() -> {
            pane.setExpanded(true);
            pane.getScene().getWindow().sizeToScene();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        String trace = fx(() -> text(pane, "failureStackTrace"));
        assertTrue(trace.startsWith("java.lang.IllegalStateException: listing stopped after 40 runs"), trace);
        assertTrue(trace.contains("Caused by: java.net.SocketException: Connection reset"), trace);
        assertTrue(trace.contains("\tat dev.handoff.ui.status.StatusBarTest."), trace);
        FxTesting.snapshot((Stage) fx(() -> pane.getScene().getWindow()), "status-failure-details");
    }

    @Test
    void theDetailsLinkOpensTheDialogAndSecretsAreMasked(FxRobot robot) throws Exception {
        fx(() -> {
            bar.showFailure("Could not connect to https://ana:pw-77@mlflow.example.org",
                    new IOException("HTTP 500: upstream said Authorization: Bearer tok-77 and token=tok-78"));
            return null;
        });
        assertFalse(fx(bar::message).contains("pw-77"), fx(bar::message));
        robot.clickOn("#statusDetails");
        waitUntil(() -> dialog().isPresent());
        DialogPane pane = fx(() -> dialog().orElseThrow());
        String all = fx(() -> pane.getHeaderText() + text(pane, "failureCauses") + text(pane, "failureStackTrace"));
        for (String secret : List.of("pw-77", "tok-77", "tok-78")) {
            assertFalse(all.contains(secret), secret + " shown:\n" + all);
        }
        assertTrue(all.contains("https://***@mlflow.example.org"), all);
        assertTrue(all.contains("java.io.IOException: HTTP 500: upstream said Authorization: ***"), all);
    }

    @Test
    void anInfoMessageHasNoDetails(FxRobot robot) throws Exception {
        fx(() -> {
            bar.showFailure("Export failed", new IOException("disk full"));
            bar.showInfo("12 runs loaded");
            return null;
        });
        assertEquals("12 runs loaded", fx(bar::message));
        assertFalse(fx(bar::isShowingFailure));
        assertFalse(fx(() -> robot.lookup("#statusDetails").query().isVisible()));
        robot.clickOn("#statusMessage");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(dialog().isEmpty(), "an information message opens nothing");
        assertNull(fx(bar::openDetails));
    }
}
