package dev.handoff.ui;

import javafx.application.Application;
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
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.close();
        }
    }
}
