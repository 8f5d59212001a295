package dev.handoff.ui.explain;

import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.ui.task.TaskRunner;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;

import static dev.handoff.ui.FxTesting.fx;

/**
 * An Explain view on its own, as the TestFX tests of its tabs use it: a 1280 × 800 stage with the workbench's
 * stylesheet, a fresh pane and task runner (status bar below) for each test, sign-offs in the test's folder.
 */
abstract class ExplainPaneFixture {
    @TempDir
    Path dir;
    Stage stage;
    TaskRunner tasks;
    ExplainPane pane;

    @BeforeEach
    void createPane() throws Exception {
        ReviewStore store = new ReviewStore(dir.resolve("reviews"));
        stage = FxToolkit.registerPrimaryStage(); // TestFX's primary stage (a @Start in a superclass is not called)
        fx(() -> {
            tasks = new TaskRunner(2);
            pane = new ExplainPane(tasks, () -> null, () -> null, store);
            BorderPane root = new BorderPane(pane);
            root.setBottom(tasks.statusBar());
            Scene scene = new Scene(root, 1280, 800);
            scene.getStylesheets().add(ExplainPane.class.getResource("/dev/handoff/ui/workbench.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
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
}
