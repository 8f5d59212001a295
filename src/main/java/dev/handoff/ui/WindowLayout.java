package dev.handoff.ui;

import javafx.scene.control.SplitPane;
import javafx.stage.Stage;

/** Remembers the main window's geometry and split-pane dividers in the preferences, and restores them. */
final class WindowLayout {
    private final WorkbenchPrefs prefs;
    private final SplitPane main;
    private final SplitPane center;

    WindowLayout(WorkbenchPrefs prefs, SplitPane main, SplitPane center) {
        this.prefs = prefs;
        this.main = main;
        this.center = center;
    }

    double width() {
        return prefs.getDouble("window.width", 1400);
    }

    double height() {
        return prefs.getDouble("window.height", 900);
    }

    /** Puts {@code stage} where it was and the dividers where they were (defaults the first time). */
    void restore(Stage stage) {
        double x = prefs.getDouble("window.x", Double.NaN);
        double y = prefs.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        main.setDividerPositions(prefs.getDouble("divider.main.0", 0.16), prefs.getDouble("divider.main.1", 0.78));
        center.setDividerPositions(prefs.getDouble("divider.center.0", 0.45));
    }

    /** Saves the geometry of {@code stage} (when shown) and the dividers. */
    void save(Stage stage) {
        if (stage != null && stage.getScene() != null) {
            prefs.putDouble("window.x", stage.getX());
            prefs.putDouble("window.y", stage.getY());
            prefs.putDouble("window.width", stage.getScene().getWidth());
            prefs.putDouble("window.height", stage.getScene().getHeight());
        }
        save("divider.main.", main.getDividerPositions());
        save("divider.center.", center.getDividerPositions());
        prefs.flush();
    }

    private void save(String prefix, double[] positions) {
        for (int i = 0; i < positions.length; i++) {
            prefs.putDouble(prefix + i, positions[i]);
        }
    }
}
