package dev.handoff.ui;

import javafx.application.Application;

/** Plain main class (not an Application subclass) so the workbench starts from a classpath jar. */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }
}
