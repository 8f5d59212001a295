package dev.handoff.ui;

import javafx.stage.Stage;

import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static dev.handoff.ui.FxTesting.fx;

/**
 * A {@link Workbench} on a private, fresh preferences node (never the user's), shown on the TestFX stage at
 * Monocle's headless screen size; {@link #close()} closes it and removes the node.
 */
final class TestWorkbench {
    final Workbench workbench;
    final Preferences node;

    private TestWorkbench(Workbench workbench, Preferences node) {
        this.workbench = workbench;
        this.node = node;
    }

    /** Call from a TestFX {@code @Start} method (on the FX thread). */
    static TestWorkbench show(Stage stage) {
        Preferences node = Preferences.userRoot().node("dev/handoff/test/" + UUID.randomUUID());
        Workbench workbench = new Workbench(new WorkbenchPrefs(node));
        workbench.show(stage);
        stage.setWidth(1280); // Monocle's headless screen is 1280x800
        stage.setHeight(800);
        return new TestWorkbench(workbench, node);
    }

    void close() throws Exception {
        fx(() -> {
            workbench.close();
            return null;
        });
        try {
            node.removeNode();
        } catch (IllegalStateException | BackingStoreException e) {
            // already removed by the test
        }
    }
}
