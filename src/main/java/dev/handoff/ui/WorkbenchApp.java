package dev.handoff.ui;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.util.Duration;
import javafx.stage.Stage;

import java.nio.file.Path;

/** The JavaFX application: opens the main window on the located store. */
public final class WorkbenchApp extends Application {
    private Workbench workbench;

    @Override
    public void start(Stage stage) {
        WorkbenchPrefs prefs = WorkbenchPrefs.user();
        workbench = new Workbench(prefs);
        workbench.show(stage);
        StoreLocator.locate(getParameters().getRaw(), System.getProperty("handoff.store"), prefs.lastSource(),
                        Path.of("").toAbsolutePath(), System.getProperty("handoff.home"))
                .ifPresentOrElse(workbench::open,
                        () -> workbench.status("No store given: open an mlruns folder or mlflow.db (Ctrl+O)"));
        String smoke = System.getProperty("handoff.smoke.seconds");
        if (smoke != null) {
            // packaging smoke test: prove the window opens, then quit on our own
            PauseTransition wait = new PauseTransition(Duration.seconds(Double.parseDouble(smoke)));
            wait.setOnFinished(e -> {
                System.out.printf("handoff-workbench: window '%s' shown at %.0fx%.0f%n", stage.getTitle(),
                        stage.getWidth(), stage.getHeight());
                Platform.exit();
            });
            wait.play();
        }
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.close();
        }
    }
}
